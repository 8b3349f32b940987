using System;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

/// <summary>
/// A healthy idle peer must pass the liveness check and a dead one fail it. On .NET 8 the runtime swallows
/// pings inside ReceiveAsync, so only an answered application message can tell the two apart.
/// </summary>
public sealed class LivenessProbeTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(4);

    private static void UseProbe(ReconnectingWebSocketOptions options, FakeTimeProvider time)
    {
        options.TimeProvider = time;
        options.HeartbeatInterval = Interval;
        options.HeartbeatTimeout = Timeout;
        options.LivenessProbe = new WebSocketMessage(WebSocketMessageType.Text, Encoding.UTF8.GetBytes("ping?"));
    }

    [Fact]
    public async Task A_healthy_idle_peer_that_answers_the_probe_stays_connected()
    {
        var time = new FakeTimeProvider();
        var echoed = new ConcurrentQueue<string>();
        await using var h = await ClientHarness.StartAsync(configure: o => UseProbe(o, time));
        await h.Events.NextConnectedAsync();

        // Five quiet spells, 20 s of fake idle time: far past interval + timeout (8 s).
        for (var spell = 0; spell < 5; spell++)
        {
            time.Advance(Interval);
            echoed.Enqueue(await h.ReadTextAsync());
        }

        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);
        var first = await h.Events.NextDisconnectedAsync();
        Assert.Equal((WebSocketClosureKind.Normal, 1000), (first.Closure.Kind, first.Closure.Code));
        Assert.Equal(["ping?", "ping?", "ping?", "ping?", "ping?"], echoed);
        Assert.Equal(0, h.Client.SentMessageCount);
        Assert.Equal(1, h.Server.ConnectionCount);
    }

    [Fact]
    public async Task A_peer_that_stops_answering_is_taken_as_dead_after_interval_plus_timeout()
    {
        var time = new FakeTimeProvider();
        await using var h = await ClientHarness.StartAsync(configure: o => UseProbe(o, time), proxy: true);
        await h.Events.NextConnectedAsync();
        time.Advance(Interval);
        Assert.Equal("ping?", await h.ReadTextAsync());

        h.Proxy.BlackHoleAll();
        time.Advance(Interval);
        time.Advance(Timeout);

        var disconnected = await h.Events.NextDisconnectedAsync();
        Assert.Equal((WebSocketClosureKind.KeepAliveTimeout, 1006), (disconnected.Closure.Kind, disconnected.Closure.Code));
        Assert.Equal(
            "The peer did not answer the liveness probe within 00:00:04 (nothing received for 00:00:08); it is taken as dead.",
            Assert.IsType<TimeoutException>(disconnected.Closure.Error).Message);
        Assert.True(disconnected.WillReconnect);
    }
}
