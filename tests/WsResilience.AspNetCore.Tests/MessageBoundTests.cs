using System;
using System.Net.WebSockets;
using System.Threading.Tasks;
using WsResilience.AspNetCore.Tests.Infrastructure;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests;

public class MessageBoundTests
{
    [Fact]
    public async Task A_message_over_MaxMessageBytes_closes_the_connection_with_1009()
    {
        var sessionError = new TaskCompletionSource<WebSocketException>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TrackedServer.StartAsync(
            async socket =>
            {
                var buffer = new byte[8];
                try
                {
                    while (true)
                    {
                        await socket.ReceiveAsync(buffer, System.Threading.CancellationToken.None);
                    }
                }
                catch (WebSocketException exception)
                {
                    sessionError.SetResult(exception);
                }
            },
            options => options.MaxMessageBytes = 16);
        using var client = await Sessions.ConnectAsync(server.Uri);
        using var timeout = TestTimeouts.StepSource();

        await client.SendAsync(new byte[16], WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
        await client.SendAsync(new byte[10], WebSocketMessageType.Binary, endOfMessage: false, timeout.Token);
        await client.SendAsync(new byte[7], WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
        var close = await Sessions.ReceiveServerCloseAsync(client, timeout.Token);

        Assert.NotNull(close);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, close.CloseStatus);
        Assert.Equal(
            "A received message is longer than MaxMessageBytes (16 bytes); the connection was closed with 1009 (message too big).",
            (await sessionError.Task.WaitAsync(TestTimeouts.Step)).Message);
        await server.Metrics.WaitForClosedAsync(1);
        Assert.Equal("other=1", server.Metrics.ClosedByKind());
        Assert.Equal("1009", Assert.Single(server.Metrics.Of(MetricsRecorder.Closed)).Tag("code"));
        Assert.Single(server.Log.Entries, e => e.EventId.Id == 106);
    }

    [Fact]
    public async Task Messages_within_MaxMessageBytes_pass_whole()
    {
        await using var server = await TrackedServer.StartAsync(Sessions.EchoUntilClosedAsync, options => options.MaxMessageBytes = 16);
        using var client = await Sessions.ConnectAsync(server.Uri);
        using var timeout = TestTimeouts.StepSource();
        var buffer = new byte[64];

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(new byte[16], WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
            var echo = await client.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(16, echo.Count);
        }

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "Done", timeout.Token);
        await server.Metrics.WaitForClosedAsync(1);
        Assert.Equal("normal=1", server.Metrics.ClosedByKind());
    }
}
