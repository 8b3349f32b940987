using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace FragileClient;

/// <summary>
/// WS0004: a receive loop ported from a browser client. It waits for close code 1006, which
/// System.Net.WebSockets never reports, swallows the exception it does raise, and reads
/// CloseStatus.Value, which throws once the connection was aborted.
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

    public static Task DropAsync(ClientWebSocket socket)
    {
        return socket.CloseAsync((WebSocketCloseStatus)1006, "going away", CancellationToken.None);
    }
}
