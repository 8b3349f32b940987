using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace FragileClient;

/// <summary>
/// WS0006, "Give the WebSocket close handshake a time limit". A subscription that says goodbye politely when it
/// is stopped or disposed, and waits for the server's goodbye with no limit: a server that is gone keeps
/// <see cref="StopAsync"/> waiting, and <see cref="Dispose"/> blocks its caller's thread.
/// </summary>
internal sealed class Ws0006_UnboundedClose : IDisposable
{
    private readonly WebSocket socket;

    public Ws0006_UnboundedClose(WebSocket socket)
    {
        this.socket = socket;
    }

    public Task StopAsync() => CloseConnectionAsync(cancellation: null);

    public async Task CloseConnectionAsync(CancellationToken? cancellation)
    {
        if (socket.State != WebSocketState.Open)
        {
            return;
        }

        // WS0006: StopAsync() passes null, so this waits for the server's close frame without a time limit.
        var token = cancellation ?? CancellationToken.None;
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", token);
    }

    public void Dispose()
    {
        if (socket.State == WebSocketState.Open)
        {
            // WS0006: a Dispose that blocks until a server that may be gone answers.
            socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "disposed", CancellationToken.None).GetAwaiter().GetResult();
        }

        socket.Dispose();
    }
}
