using System;
using System.IO;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

public sealed class WebSocketClosureTests
{
    [Theory]
    [InlineData(1000, WebSocketClosureKind.Normal, true)]
    [InlineData(1001, WebSocketClosureKind.GoingAway, true)]
    [InlineData(1002, WebSocketClosureKind.ProtocolError, true)]
    [InlineData(1003, WebSocketClosureKind.UnsupportedData, false)]
    [InlineData(1004, WebSocketClosureKind.Unknown, true)]
    [InlineData(1005, WebSocketClosureKind.Normal, true)]
    [InlineData(1006, WebSocketClosureKind.Abnormal, true)]
    [InlineData(1007, WebSocketClosureKind.InvalidPayload, false)]
    [InlineData(1008, WebSocketClosureKind.PolicyViolation, false)]
    [InlineData(1009, WebSocketClosureKind.MessageTooBig, true)]
    [InlineData(1010, WebSocketClosureKind.MandatoryExtension, false)]
    [InlineData(1011, WebSocketClosureKind.PeerError, true)]
    [InlineData(1012, WebSocketClosureKind.ServiceRestart, true)]
    [InlineData(1013, WebSocketClosureKind.TryAgainLater, true)]
    [InlineData(1014, WebSocketClosureKind.PeerError, true)]
    [InlineData(1015, WebSocketClosureKind.Unknown, true)]
    [InlineData(2000, WebSocketClosureKind.Unknown, true)]
    [InlineData(3000, WebSocketClosureKind.Application, true)]
    [InlineData(4999, WebSocketClosureKind.Application, true)]
    [InlineData(5000, WebSocketClosureKind.Unknown, true)]
    [InlineData(0, WebSocketClosureKind.Unknown, true)]
    public void Every_close_code_has_a_kind_and_a_retry_decision(int code, WebSocketClosureKind kind, bool retryable)
    {
        var closure = WebSocketClosure.FromCloseCode(code, "why");

        Assert.Equal(kind, closure.Kind);
        Assert.Equal(code, closure.Code);
        Assert.Equal(retryable, closure.IsRetryable);
        Assert.Equal(code == 1006, closure.IsAbnormal);
        Assert.Equal(code is 1012 or 1013, closure.AsksForLongerWait);
        Assert.Equal("why", closure.Description);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Codes_outside_16_bits_are_rejected(int code)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebSocketClosure.FromCloseCode(code));
    }

    [Fact]
    public void An_empty_description_is_reported_as_none()
    {
        Assert.Null(WebSocketClosure.FromCloseCode(1000, string.Empty).Description);
    }

    [Fact]
    public void A_receive_result_close_frame_is_classified_by_its_code()
    {
        var closure = WebSocketClosure.From(new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, WebSocketCloseStatus.PolicyViolation, "banned"));

        Assert.Equal(WebSocketClosureKind.PolicyViolation, closure.Kind);
        Assert.Equal(1008, closure.Code);
        Assert.Equal("banned", closure.Description);
        Assert.False(closure.IsRetryable);
    }

    [Fact]
    public void A_close_frame_without_a_code_reports_1005()
    {
        var closure = WebSocketClosure.From(new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, null, null));

        Assert.Equal(1005, closure.Code);
        Assert.Equal(WebSocketClosureKind.Normal, closure.Kind);
    }

    [Fact]
    public void A_data_receive_result_is_not_a_closure()
    {
        Assert.Throws<ArgumentException>(() => WebSocketClosure.From(new WebSocketReceiveResult(3, WebSocketMessageType.Text, true)));
        Assert.Throws<ArgumentNullException>(() => WebSocketClosure.From((WebSocketReceiveResult)null!));
        Assert.Throws<ArgumentNullException>(() => WebSocketClosure.From((WebSocket)null!));
    }

    [Fact]
    public async Task A_reset_connection_is_abnormal_1006_with_the_socket_error_as_root_cause()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        using var socket = await ClientConnections.ConnectAsync(proxy.Uri);
        using var timeout = TestTimeouts.StepSource();
        var receiving = socket.ReceiveAsync(new byte[16], timeout.Token);

        proxy.ResetAll();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => receiving);
        var closure = WebSocketClosure.From(socket, error);

        Assert.Equal(WebSocketClosureKind.Abnormal, closure.Kind);
        Assert.Equal(1006, closure.Code);
        Assert.True(closure.IsAbnormal);
        Assert.True(closure.IsRetryable);
        Assert.Same(error, closure.Error);
        Assert.Equal(System.Net.WebSockets.WebSocketError.ConnectionClosedPrematurely, closure.WebSocketError);
        Assert.True(closure.RootCause is SocketException or IOException, $"root cause {closure.RootCause}");
        Assert.Null(closure.Description);
    }

    [Fact]
    public async Task A_peer_close_frame_wins_over_an_accompanying_error()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.CloseWith(WebSocketCloseStatus.InternalServerError, "oops"));
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        using var timeout = TestTimeouts.StepSource();
        await socket.ReceiveAsync(new byte[16], timeout.Token);

        var closure = WebSocketClosure.From(socket, new IOException("late"));

        Assert.Equal(WebSocketClosureKind.PeerError, closure.Kind);
        Assert.Equal(1011, closure.Code);
        Assert.Equal("oops", closure.Description);
    }

    [Fact]
    public async Task A_locally_aborted_socket_without_an_error_is_a_local_abort()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        socket.Abort();

        var closure = WebSocketClosure.From(socket);

        Assert.Equal(WebSocketClosureKind.LocalAbort, closure.Kind);
        Assert.Equal(1006, closure.Code);
        Assert.Null(closure.Error);
        Assert.Null(closure.RootCause);
    }

    [Fact]
    public async Task A_cancelled_receive_is_cancelled_and_not_retryable()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        using var socket = await ClientConnections.ConnectAsync(server.Uri);
        using var cancel = new CancellationTokenSource();
        var receiving = socket.ReceiveAsync(new byte[16], cancel.Token);

        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiving);
        var closure = WebSocketClosure.From(socket, error);

        Assert.Equal(WebSocketClosureKind.Cancelled, closure.Kind);
        Assert.Equal(1006, closure.Code);
        Assert.False(closure.IsRetryable);
        Assert.Equal(WebSocketState.Aborted, socket.State);
    }

    [Fact]
    public void A_timeout_anywhere_in_the_chain_is_a_keep_alive_timeout()
    {
        using var socket = new ClientWebSocket();
        var error = new WebSocketException("wrapped", new TimeoutException("no pong"));

        var closure = WebSocketClosure.From(socket, error);

        Assert.Equal(WebSocketClosureKind.KeepAliveTimeout, closure.Kind);
        Assert.Equal(1006, closure.Code);
        Assert.IsType<TimeoutException>(closure.RootCause);
        Assert.True(closure.IsRetryable);
    }

    [Fact]
    public void The_runtime_keep_alive_abort_shape_is_a_keep_alive_timeout()
    {
        using var socket = new ClientWebSocket();
        var fault = new WebSocketException(System.Net.WebSockets.WebSocketError.Faulted, "no pong within KeepAliveTimeout");
        var direct = new OperationCanceledException("Aborted", fault);
        var aggregated = new OperationCanceledException("Aborted", new AggregateException(fault, new IOException("canceled")));
        var resetNotTimeout = new OperationCanceledException("Aborted", new WebSocketException(System.Net.WebSockets.WebSocketError.ConnectionClosedPrematurely, new IOException("reset")));

        Assert.Equal(WebSocketClosureKind.KeepAliveTimeout, WebSocketClosure.From(socket, direct).Kind);
        Assert.Equal(WebSocketClosureKind.KeepAliveTimeout, WebSocketClosure.From(socket, aggregated).Kind);
        Assert.Equal(WebSocketClosureKind.Abnormal, WebSocketClosure.From(socket, resetNotTimeout).Kind);
    }

    [Fact]
    public void The_socket_error_is_found_inside_aggregates_and_io_exceptions()
    {
        using var socket = new ClientWebSocket();
        var error = new AggregateException(new WebSocketException("failed", new IOException("io", new SocketException((int)SocketError.ConnectionRefused))));

        var closure = WebSocketClosure.From(socket, error);

        Assert.Equal(WebSocketClosureKind.Abnormal, closure.Kind);
        Assert.Equal(SocketError.ConnectionRefused, closure.SocketError);
        Assert.IsType<SocketException>(closure.RootCause);
        Assert.Contains("ConnectionRefused", closure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_that_never_connected_and_no_error_is_unknown()
    {
        using var socket = new ClientWebSocket();

        var closure = WebSocketClosure.From(socket);

        Assert.Equal(WebSocketClosureKind.Unknown, closure.Kind);
        Assert.Equal(1006, closure.Code);
    }

    [Fact]
    public void ToString_reads_as_code_kind_and_reason()
    {
        Assert.Equal("1008 PolicyViolation: banned", WebSocketClosure.FromCloseCode(1008, "banned").ToString());
    }
}
