using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

/// <summary><see cref="ReconnectingWebSocket.StopAsync(WebSocketCloseStatus, string?, CancellationToken)"/> tells the server why the client leaves.</summary>
public sealed class StopCloseStatusTests
{
    [Fact]
    public async Task The_server_receives_the_close_code_and_reason_given_to_StopAsync()
    {
        var close = new TaskCompletionSource<(WebSocketCloseStatus?, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.RecordCloseInto(close));
        await h.Events.NextConnectedAsync();

        await h.Client.StopAsync((WebSocketCloseStatus)4001, "user signed out").WaitAsync(TestTimeouts.Step);

        Assert.Equal(((WebSocketCloseStatus)4001, "user signed out"), await close.Task.WaitAsync(TestTimeouts.Step));
        // The closure the client reports is the server's answer.
        var disconnected = await h.Events.NextDisconnectedAsync();
        Assert.Equal((1000, false), (disconnected.Closure.Code, disconnected.WillReconnect));
        Assert.True(h.Client.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Without_a_code_the_server_receives_1000_client_stopping()
    {
        var close = new TaskCompletionSource<(WebSocketCloseStatus?, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.RecordCloseInto(close));
        await h.Events.NextConnectedAsync();

        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);

        Assert.Equal((WebSocketCloseStatus.NormalClosure, "client stopping"), await close.Task.WaitAsync(TestTimeouts.Step));
    }

    [Fact]
    public async Task The_first_stop_request_chooses_the_code()
    {
        var close = new TaskCompletionSource<(WebSocketCloseStatus?, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.RecordCloseInto(close));
        await h.Events.NextConnectedAsync();

        var first = h.Client.StopAsync(WebSocketCloseStatus.EndpointUnavailable, "shutting down");
        var second = h.Client.StopAsync((WebSocketCloseStatus)4002, "ignored");
        await Task.WhenAll(first, second).WaitAsync(TestTimeouts.Step);

        Assert.Equal((WebSocketCloseStatus.EndpointUnavailable, "shutting down"), await close.Task.WaitAsync(TestTimeouts.Step));
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(65536)]
    public async Task A_code_that_cannot_be_sent_is_refused_at_the_call_and_the_client_keeps_running(int code)
    {
        await using var h = await ClientHarness.StartAsync();
        await h.Events.NextConnectedAsync();

        var error = Assert.Throws<ArgumentException>(() => { _ = h.Client.StopAsync((WebSocketCloseStatus)code, "bye"); });

        Assert.Equal("closeStatus", error.ParamName);
        Assert.True(h.Client.IsConnected);
        await h.Client.SendAsync("still here");
        Assert.Equal("still here", await h.ReadTextAsync());
    }

    [Fact]
    public async Task A_reason_over_123_bytes_is_refused_at_the_call()
    {
        await using var h = await ClientHarness.StartAsync(start: false);

        var error = Assert.Throws<ArgumentException>(() => { _ = h.Client.StopAsync(WebSocketCloseStatus.NormalClosure, new string('é', 62)); });

        Assert.Equal("statusDescription", error.ParamName);
    }
}
