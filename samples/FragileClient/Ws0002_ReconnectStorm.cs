using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace FragileClient;

/// <summary>
/// WS0002: keeps a price feed connected, but after a server restart every client running this code
/// reconnects after the same two seconds, again and again, in lockstep.
/// </summary>
internal static class Ws0002_ReconnectStorm
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public static async Task KeepFeedConnectedAsync(Uri feed, Func<ArraySegment<byte>, Task> onMessage, CancellationToken stoppingToken)
    {
        var buffer = new byte[8192];
        while (!stoppingToken.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
            socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
            try
            {
                await socket.ConnectAsync(feed, stoppingToken).ConfigureAwait(false);
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, stoppingToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    await onMessage(new ArraySegment<byte>(buffer, 0, result.Count)).ConfigureAwait(false);
                }
            }
            catch (WebSocketException ex)
            {
                Console.Error.WriteLine($"Feed connection lost: {ex.Message}");
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
