// A server-side handler written the way the rules ask for: every analyzer must stay silent here.
using System;
using System.IO;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Valid;

public static class EchoHandler
{
    public static WebSocket FromStream(Stream stream) => WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
    {
        IsServer = true,
        KeepAliveInterval = TimeSpan.FromSeconds(15),
        KeepAliveTimeout = TimeSpan.FromSeconds(15),
    });

    public static async Task EchoAsync(WebSocket socket, CancellationToken stopping)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, stopping);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, stopping);
                    return;
                }

                await socket.SendAsync(new ArraySegment<byte>(buffer, 0, result.Count), result.MessageType, result.EndOfMessage, stopping);
            }
        }
        catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
        {
            Console.Error.WriteLine($"Peer vanished without a close frame (browsers call this 1006): {ex.Message}");
            socket.Abort();
        }
    }
}
