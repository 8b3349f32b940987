using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WsResilience.AspNetCore.Tests.Infrastructure;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests;

public class DeadPeerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task A_client_that_vanishes_is_terminated_within_the_keep_alive_bound()
    {
        await using var server = await TrackedServer.StartAsync(Sessions.EchoUntilClosedAsync, options =>
        {
            options.KeepAliveInterval = Interval;
            options.KeepAliveTimeout = Timeout;
        });
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        using var client = await Sessions.ConnectAsync(proxy.Uri);
        await server.Metrics.WaitForAcceptedAsync(1);
        Assert.Equal(1, server.Tracker.ActiveCount);

        // The client's machine drops off the network: TCP stays up, nothing gets through in either direction.
        var vanished = System.Diagnostics.Stopwatch.StartNew();
        proxy.BlackHoleAll();
        await server.Metrics.WaitForClosedAsync(1);
        vanished.Stop();

        var bound = Interval + Timeout;
        Assert.True(vanished.Elapsed < bound + TestTimeouts.DeadlineMargin, $"The dead client was terminated after {vanished.Elapsed}; the bound is {bound}.");
        Assert.Equal("heartbeat_timeout=1", server.Metrics.ClosedByKind());
        Assert.Equal("1006", Assert.Single(server.Metrics.Of(MetricsRecorder.Closed)).Tag("code"));
        Assert.Equal(0, server.Tracker.ActiveCount);
        var lost = Assert.Single(server.Log.Entries, e => e.EventId.Id == 103);
        Assert.Equal(LogLevel.Warning, lost.Level);
        Assert.Contains(": 1006 heartbeat_timeout after ", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_reset_is_counted_as_abnormal()
    {
        await using var server = await TrackedServer.StartAsync(Sessions.EchoUntilClosedAsync);
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        using var client = await Sessions.ConnectAsync(proxy.Uri);

        proxy.ResetAll();
        await server.Metrics.WaitForClosedAsync(1);

        Assert.Equal("abnormal=1", server.Metrics.ClosedByKind());
        Assert.Single(server.Log.Entries, e => e.EventId.Id == 103);
        Assert.DoesNotContain(server.Log.Entries, e => e.EventId.Id == 102);
    }
}
