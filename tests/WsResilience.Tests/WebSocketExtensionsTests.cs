using System;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

public sealed class WebSocketExtensionsTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Peer_that_answers_the_close_completes_the_handshake()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        using var socket = await ClientConnections.ConnectAsync(server.Uri);

        var closed = await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, "bye", TestTimeouts.Step);

        Assert.True(closed);
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("bye", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Peer_that_never_answers_is_aborted_within_the_timeout()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.NeverAnswerAsync);
        using var socket = await ClientConnections.ConnectAsync(server.Uri);

        var stopwatch = Stopwatch.StartNew();
        var closed = await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, ShortTimeout);
        stopwatch.Stop();

        Assert.False(closed);
        Assert.Equal(WebSocketState.Aborted, socket.State);
        Assert.True(stopwatch.Elapsed < ShortTimeout + TestTimeouts.DeadlineMargin, $"took {stopwatch.Elapsed}");
        Assert.True(stopwatch.Elapsed >= ShortTimeout - TimeSpan.FromMilliseconds(50), $"gave up early after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task The_deadline_is_measured_by_the_time_provider()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.NeverAnswerAsync);
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        var time = new FakeTimeProvider();

        var closing = socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, TimeSpan.FromMinutes(1), time);
        time.Advance(TimeSpan.FromSeconds(59));
        await Task.WhenAny(closing, Task.Delay(TimeSpan.FromMilliseconds(200)));
        Assert.False(closing.IsCompleted, "returned before the virtual deadline");
        Assert.Equal(WebSocketState.CloseSent, socket.State);

        time.Advance(TimeSpan.FromSeconds(1));
        var closed = await closing.WaitAsync(TestTimeouts.Step);

        Assert.False(closed);
        Assert.Equal(WebSocketState.Aborted, socket.State);
    }

    [Fact]
    public async Task Implementation_that_ignores_cancellation_is_still_released_and_aborted()
    {
        using var socket = new UnresponsiveWebSocket();
        var time = new FakeTimeProvider();

        var closing = socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, TimeSpan.FromSeconds(5), time);
        Assert.False(closing.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        var closed = await closing.WaitAsync(TestTimeouts.Step);

        Assert.False(closed);
        Assert.True(socket.AbortCalled);
    }

    [Fact]
    public async Task Already_aborted_socket_returns_false_without_throwing()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        socket.Abort();

        var closed = await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, ShortTimeout);

        Assert.False(closed);
        Assert.Equal(WebSocketState.Aborted, socket.State);
    }

    [Fact]
    public async Task Disposed_open_socket_returns_false_without_throwing()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        var socket = await ClientConnections.ConnectAsync(server.Uri);
        socket.Dispose();

        var closed = await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, ShortTimeout);

        Assert.False(closed);
    }

    [Fact]
    public async Task Never_connected_socket_returns_false_without_throwing()
    {
        using var socket = new ClientWebSocket();

        Assert.False(await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, ShortTimeout));

        socket.Dispose();
        Assert.False(await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, ShortTimeout));
    }

    [Fact]
    public async Task Already_closed_socket_reports_the_completed_handshake()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        using var timeout = TestTimeouts.StepSource();
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);

        var closed = await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, ShortTimeout);

        Assert.True(closed);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task CloseReceived_socket_answers_the_peer_and_completes()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.CloseFirstAsync);
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        using var timeout = TestTimeouts.StepSource();
        var received = await socket.ReceiveAsync(new byte[64], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, received.MessageType);
        Assert.Equal(WebSocketState.CloseReceived, socket.State);

        var closed = await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeouts.Step);

        Assert.True(closed);
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal("server done", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Cancelled_caller_aborts_and_returns_false_without_throwing()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.NeverAnswerAsync);
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        using var caller = new CancellationTokenSource();

        var closing = socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, TimeSpan.FromMinutes(5), caller.Token);
        await caller.CancelAsync();
        var closed = await closing.WaitAsync(TestTimeouts.Step);

        Assert.False(closed);
        Assert.Equal(WebSocketState.Aborted, socket.State);
    }

    [Fact]
    public async Task Already_cancelled_caller_aborts_at_once()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        using var socket = await ClientConnections.ConnectAsync(server.Uri);

        var closed = await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeouts.Step, new CancellationToken(canceled: true));

        Assert.False(closed);
        Assert.Equal(WebSocketState.Aborted, socket.State);
    }

    [Fact]
    public async Task Zero_timeout_aborts_without_attempting_the_handshake()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        using var socket = await ClientConnections.ConnectAsync(server.Uri);

        var closed = await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, TimeSpan.Zero);

        Assert.False(closed);
        Assert.Equal(WebSocketState.Aborted, socket.State);
    }

    [Fact]
    public async Task Null_socket_is_rejected()
    {
        WebSocket socket = null!;

        var error = await Assert.ThrowsAsync<ArgumentNullException>(
            () => socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, ShortTimeout));
        Assert.Equal("socket", error.ParamName);
    }

    [Fact]
    public async Task Null_time_provider_is_rejected()
    {
        using var socket = new ClientWebSocket();

        var error = await Assert.ThrowsAsync<ArgumentNullException>(
            () => socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, ShortTimeout, timeProvider: null!));
        Assert.Equal("timeProvider", error.ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-1000)]
    public async Task Negative_timeout_is_rejected(int milliseconds)
    {
        using var socket = new ClientWebSocket();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, TimeSpan.FromMilliseconds(milliseconds)));
        Assert.Equal("timeout", error.ParamName);
    }

    [Fact]
    public async Task Infinite_and_overlong_timeouts_are_rejected()
    {
        using var socket = new ClientWebSocket();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, Timeout.InfiniteTimeSpan));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, TimeSpan.FromDays(30)));
    }

    [Theory]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(999)]
    [InlineData(0)]
    [InlineData(70000)]
    public async Task Status_the_runtime_cannot_send_is_rejected_and_the_socket_stays_usable(int code)
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        using var socket = await ClientConnections.ConnectAsync(server.Uri);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => socket.CloseOrAbortAsync((WebSocketCloseStatus)code, null, ShortTimeout));

        Assert.Equal("status", error.ParamName);
        Assert.Equal(WebSocketState.Open, socket.State);
        await AssertEchoesAsync(socket);
    }

    [Fact]
    public async Task Description_longer_than_a_control_frame_allows_is_rejected()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        var tooLong = new string('é', 62); // 124 UTF-8 bytes although only 62 characters.

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, tooLong, ShortTimeout));

        Assert.Equal("description", error.ParamName);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Description_of_exactly_123_bytes_is_sent()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        var longest = new string('x', 123);

        var closed = await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, longest, TestTimeouts.Step);

        Assert.True(closed);
        Assert.Equal(longest, socket.CloseStatusDescription);
    }

    private static async Task AssertEchoesAsync(WebSocket socket)
    {
        using var timeout = TestTimeouts.StepSource();
        var payload = Encoding.UTF8.GetBytes("still alive");
        await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[64];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal("still alive", Encoding.UTF8.GetString(buffer, 0, result.Count));
    }

    /// <summary>A third-party socket whose close never finishes and ignores its token.</summary>
    private sealed class UnresponsiveWebSocket : WebSocket
    {
        private readonly TaskCompletionSource _never = new();

        public bool AbortCalled { get; private set; }

        public override WebSocketCloseStatus? CloseStatus => null;

        public override string? CloseStatusDescription => null;

        public override WebSocketState State => AbortCalled ? WebSocketState.Aborted : WebSocketState.Open;

        public override string? SubProtocol => null;

        public override void Abort() => AbortCalled = true;

        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => _never.Task;

        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => _never.Task;

        public override void Dispose()
        {
        }

        public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
            => throw new NotSupportedException("The test only closes this socket.");

        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
            => throw new NotSupportedException("The test only closes this socket.");
    }
}
