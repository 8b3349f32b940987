using System;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FragileClient;

/// <summary>
/// WS0003, "Abort an unresponsive WebSocket instead of closing it". Reads messages and checks with a
/// heartbeat that the server still answers. Twice, when the code already knows the connection is broken, it
/// calls <see cref="WebSocket.CloseAsync"/>, which sends a close frame and then waits for the server's
/// answer, an answer a dead or unresponsive server never sends.
/// </summary>
internal sealed class Ws0003_CloseInsteadOfAbort
{
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(5);
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("ping");

    private readonly WebSocket socket;
    private readonly TextWriter output;

    // Set by every message received, cleared before every ping: the heartbeat's liveness flag.
    private volatile bool isAlive = true;

    public Ws0003_CloseInsteadOfAbort(WebSocket socket, TextWriter output)
    {
        this.socket = socket;
        this.output = output;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = CheckHeartbeatAsync(stopHeartbeat.Token);
        try
        {
            await ReceiveUntilClosedAsync(cancellationToken);
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            try
            {
                await heartbeat;
            }
            catch (OperationCanceledException)
            {
                // The heartbeat stops when the receive loop ends.
            }
        }
    }

    private async Task ReceiveUntilClosedAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                isAlive = true;

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    output.WriteLine($"Close frame received: {socket.CloseStatus} {socket.CloseStatusDescription}");
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        // The server started the close handshake, so it is there to finish it: closing here is
                        // right, and WS0003 stays silent.
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "Bye", CancellationToken.None);
                    }

                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    output.WriteLine(result.MessageType == WebSocketMessageType.Text
                        ? $"< {Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)}"
                        : $"< [binary message, {message.Length} bytes]");
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException ex)
        {
            // The receive failed: the server went away without a close frame (ConnectionClosedPrematurely),
            // and the socket is already Aborted.
            output.WriteLine($"Receive failed ({ex.WebSocketErrorCode}): {ex.Message}");
            output.WriteLine("Closing the connection.");

            // WS0003: a close handshake with a peer that is gone; this throws on the aborted socket, or hangs.
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "Receive failed", CancellationToken.None);
        }
    }

    private async Task CheckHeartbeatAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            isAlive = false;
            await socket.SendAsync(Ping, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            await Task.Delay(PingInterval, cancellationToken);

            if (!isAlive)
            {
                output.WriteLine($"No answer to a ping within {PingInterval.TotalSeconds:0} s: the server is unresponsive. Closing the connection.");

                // WS0003: the server that ignored the ping will not answer the close frame either; this waits forever.
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "Heartbeat timeout", CancellationToken.None);
                return;
            }
        }
    }
}
