using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace FragileClient;

/// <summary>
/// WS0004: a receive loop ported from a browser client. It waits for close code 1006, which
/// System.Net.WebSockets never reports, swallows the exception it does raise, and reads
/// CloseStatus.Value, which throws once the connection was aborted. A second loop handles one error code
/// and drops the others, and a third runs in an async void method, where no caller can see it fail.
/// </summary>
internal static class Ws0004_AbnormalClosure
{
    public static async Task<string> ListenAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (WebSocketException)
        {
            // "onclose will tell us"
        }

        if (socket.CloseStatus == (WebSocketCloseStatus)1006)
        {
            return "connection lost, reconnecting";
        }

        return $"closed normally: {socket.CloseStatus!.Value}";
    }

    public static async Task<int> CountMessagesAsync(WebSocket socket)
    {
        var buffer = new byte[4096];
        var messages = 0;
        while (socket.State == WebSocketState.Open)
        {
            try
            {
                await socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                messages++;
            }
            catch (WebSocketException error)
            {
                if (error.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
                {
                    socket.Abort();
                }
            }
        }

        return messages;
    }

    public static async void StartPumping(WebSocket socket)
    {
        var chunk = new byte[4096];
        while (true)
        {
            await socket.ReceiveAsync(chunk, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public static Task DropAsync(ClientWebSocket socket)
    {
        return socket.CloseAsync((WebSocketCloseStatus)1006, "going away", CancellationToken.None);
    }
}
