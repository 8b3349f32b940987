using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace FragileClient;

/// <summary>
/// WS0008, "Keep the WebSocket keep-alive interval below the proxies' idle timeout". A client tuned to "ping less,
/// save bandwidth": behind nginx or an AWS load balancer, which close a connection after 60 silent seconds, a quiet
/// subscription is cut before its first ping, and the client sees an abnormal closure every minute.
/// </summary>
internal static class Ws0008_KeepAliveAboveProxyTimeout
{
    public static async Task<ClientWebSocket> ConnectQuietlyAsync(Uri server, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromMinutes(2);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(20);
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        return socket;
    }
}
