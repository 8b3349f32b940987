using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

public sealed class WebSocketHeartbeatTests
{
    [Fact]
    public void Configure_turns_on_keep_alive_and_says_whether_a_watchdog_is_needed()
    {
        using var socket = new ClientWebSocket();

        var mode = WebSocketHeartbeat.Configure(socket.Options, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(7), socket.Options.KeepAliveInterval);
#if NET9_0_OR_GREATER
        Assert.Equal(WebSocketHeartbeatMode.RuntimeKeepAliveTimeout, mode);
        Assert.Equal(TimeSpan.FromSeconds(3), socket.Options.KeepAliveTimeout);
#else
        Assert.Equal(WebSocketHeartbeatMode.ApplicationWatchdog, mode);
#endif
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(-5, 1)]
    [InlineData(1, -1)]
    public void Configure_rejects_non_positive_settings(int intervalSeconds, int timeoutSeconds)
    {
        using var socket = new ClientWebSocket();

        Assert.Throws<ArgumentOutOfRangeException>(
            () => WebSocketHeartbeat.Configure(socket.Options, TimeSpan.FromSeconds(intervalSeconds), TimeSpan.FromSeconds(timeoutSeconds)));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => WebSocketHeartbeat.Configure(socket.Options, Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentNullException>(
            () => WebSocketHeartbeat.Configure(null!, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Watch_rejects_bad_arguments()
    {
        using var socket = new ClientWebSocket();

        Assert.Throws<ArgumentNullException>(() => WebSocketHeartbeat.Watch(null!, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebSocketHeartbeat.Watch(socket, TimeSpan.Zero));
    }

    [Fact]
    public async Task The_watchdog_aborts_a_silent_connection_and_spares_a_fed_one()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.NeverAnswerAsync);
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        var time = new FakeTimeProvider();
        using var watchdog = WebSocketHeartbeat.Watch(socket, TimeSpan.FromSeconds(20), time);

        time.Advance(TimeSpan.FromSeconds(15));
        watchdog.NotifyReceived();
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.False(watchdog.HasExpired);

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(watchdog.HasExpired);
        Assert.Equal(WebSocketState.Aborted, socket.State);
    }

    [Fact]
    public async Task A_disposed_watchdog_no_longer_aborts()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.NeverAnswerAsync);
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        var time = new FakeTimeProvider();
        var watchdog = WebSocketHeartbeat.Watch(socket, TimeSpan.FromSeconds(5), time);

        watchdog.Dispose();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(watchdog.HasExpired);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

#if NET9_0_OR_GREATER
    [Fact]
    public async Task The_runtime_keep_alive_timeout_aborts_a_black_holed_connection_while_a_receive_is_pending()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        using var socket = new ClientWebSocket();
        WebSocketHeartbeat.Configure(socket.Options, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300));
        using var timeout = TestTimeouts.StepSource();
        await socket.ConnectAsync(proxy.Uri, timeout.Token);
        var receiving = socket.ReceiveAsync(new byte[16], timeout.Token);

        proxy.BlackHoleAll();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => receiving);

        Assert.Equal(WebSocketClosureKind.KeepAliveTimeout, WebSocketClosure.From(socket, error).Kind);
        Assert.False(timeout.IsCancellationRequested);
    }
#endif
}
