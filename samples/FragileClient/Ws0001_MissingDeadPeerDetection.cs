using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace FragileClient;

/// <summary>
/// WS0001: a price feed whose server can vanish without a close frame. The socket only sends unsolicited
/// pongs, so a dead server leaves <see cref="ListenAsync"/> waiting until TCP gives up.
/// </summary>
internal static class Ws0001_MissingDeadPeerDetection
{
    public static async Task ListenAsync(Uri feed, Action<int> onMessage, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        await socket.ConnectAsync(feed, cancellationToken).ConfigureAwait(false);

        var buffer = new byte[4096];
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            onMessage(result.Count);
        }
    }
}
