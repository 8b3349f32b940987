using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace FragileClient;

/// <summary>
/// WS0005: retries the connect on the same ClientWebSocket. After the first failure the socket is
/// disposed, so every retry throws ObjectDisposedException and the client never connects.
/// </summary>
internal static class Ws0005_ReusedClientWebSocket
{
    public static async Task<ClientWebSocket> ConnectWithRetriesAsync(Uri server, string accessToken, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + accessToken);
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (WebSocketException ex) when (attempt < 5)
            {
                Console.Error.WriteLine($"Attempt {attempt} failed: {ex.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000 << attempt)), cancellationToken).ConfigureAwait(false);
            }
        }

        throw new WebSocketException("Could not connect.");
    }
}
