using System;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WsResilience.AspNetCore;

// An echo server whose WebSockets survive what production does to them: pings every 10 s (below any proxy's idle
// timeout), clients that stop answering dropped after 10 s more, a 1001 close to every client on Ctrl+C or a
// deploy's SIGTERM, and a log line per connection (open, and close with code, kind and duration).
var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5090;
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
builder.Services.AddWebSocketTracking(options =>
{
    options.KeepAliveInterval = TimeSpan.FromSeconds(10);
    options.KeepAliveTimeout = TimeSpan.FromSeconds(10);
    options.MaxMessageBytes = 64 * 1024;
});

var app = builder.Build();
app.UseWebSockets();

// The drop-in form: what was context.WebSockets.AcceptWebSocketAsync() becomes AcceptTrackedWebSocketAsync().
app.Map("/echo", async context =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    using var socket = await context.AcceptTrackedWebSocketAsync();
    await EchoAsync(socket, context.RequestAborted);
});

// The mapped form: the session's token also fires when the application stops.
app.MapTrackedWebSocket("/shout", (context, socket, token) => EchoAsync(socket, token, shout: true));

app.MapGet("/connections", (WebSocketConnectionTracker tracker) => tracker.ActiveCount);

await app.RunAsync();

static async Task EchoAsync(WebSocket socket, CancellationToken cancellationToken, bool shout = false)
{
    var buffer = new byte[4096];
    try
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // Also when the tracker closed it with 1001 on shutdown: the tracked socket turns this into a wait.
                await socket.CloseAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "Bye", CancellationToken.None);
                return;
            }

            if (shout)
            {
                for (var i = 0; i < result.Count; i++)
                {
                    buffer[i] = (byte)char.ToUpperInvariant((char)buffer[i]);
                }
            }

            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, cancellationToken);
        }
    }
    catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
    {
        // The tracker has logged and counted how the connection ended (1006, heartbeat timeout, 1009).
    }
}
