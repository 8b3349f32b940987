using System;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using WsResilience.AspNetCore.Tests.Infrastructure;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests;

public class MapTrackedWebSocketTests
{
    [Fact]
    public async Task A_mapped_session_is_tracked_and_its_token_fires_after_the_shutdown_close()
    {
        var sessionStarted = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stateWhenTokenFired = new TaskCompletionSource<WebSocketState>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TrackedServer.StartWithRoutesAsync(app => app.MapTrackedWebSocket("/chat", async (context, socket, token) =>
        {
            // A session busy with something other than receiving (a push loop, say) that ends when its token fires.
            using var registration = token.Register(() => stateWhenTokenFired.TrySetResult(socket.State));
            sessionStarted.SetResult(token);
            await stateWhenTokenFired.Task;
        }));
        using var client = await Sessions.ConnectAsync(new Uri(server.Uri, "chat"));
        using var timeout = TestTimeouts.StepSource();
        var close = Sessions.ReceiveServerCloseAsync(client, timeout.Token);
        Assert.False((await sessionStarted.Task.WaitAsync(TestTimeouts.Step)).IsCancellationRequested);
        Assert.Equal(1, server.Tracker.ActiveCount);

        await server.StopAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await close)?.CloseStatus);
        // Cancelled after the close handshake, so a session that passes the token to ReceiveAsync cannot abort it first.
        Assert.Equal(WebSocketState.Closed, await stateWhenTokenFired.Task.WaitAsync(TestTimeouts.Step));
        Assert.Equal("going_away=1", server.Metrics.ClosedByKind());
    }

    [Fact]
    public async Task A_plain_request_to_a_mapped_WebSocket_endpoint_gets_400()
    {
        await using var server = await TrackedServer.StartWithRoutesAsync(app => app.MapTrackedWebSocket("/chat", (_, _, _) => Task.CompletedTask));
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.HttpUri, "chat"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(server.Metrics.Of(MetricsRecorder.Accepted));
    }
}
