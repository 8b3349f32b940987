using System;
using System.IO;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace WsResilience.AspNetCore.Tests.Infrastructure;

/// <summary>What the tests' servers and clients do with a socket, written the way applications write it.</summary>
internal static class Sessions
{
    /// <summary>
    /// A server session's usual loop: echo every message, and answer a close with a close of the same code. After
    /// the tracker's shutdown close that answer must not throw.
    /// </summary>
    public static async Task EchoUntilClosedAsync(WebSocket socket)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "Bye", CancellationToken.None);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The tests break connections on purpose: the tracker records how the session ended.
        }
    }

    /// <summary>
    /// A client that reads until the server closes, then answers the close as browsers do, and returns the
    /// server's close (null when the connection broke instead).
    /// </summary>
    public static async Task<WebSocketReceiveResult?> ReceiveServerCloseAsync(ClientWebSocket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await client.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await client.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, cancellationToken);
                    return result;
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    /// <summary>Connects a client to <paramref name="uri"/> within the test's step bound.</summary>
    public static async Task<ClientWebSocket> ConnectAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null)
    {
        var client = new ClientWebSocket();
        configure?.Invoke(client.Options);
        using var timeout = WsResilience.Tests.Infrastructure.TestTimeouts.StepSource();
        try
        {
            await client.ConnectAsync(uri, timeout.Token);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return client;
    }
}
