using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace WsResilience.Tests.Infrastructure;

/// <summary>Server-side connection handlers the tests combine with <see cref="LoopbackWebSocketServer"/>.</summary>
internal static class ServerBehaviors
{
    /// <summary>Echoes each message back whole and answers a close with the same status.</summary>
    public static async Task EchoAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, cancellationToken);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, cancellationToken);
        }
    }

    /// <summary>Adds the text of every message received to <paramref name="received"/> and answers the close handshake.</summary>
    public static Func<WebSocket, CancellationToken, Task> RecordInto(System.Collections.Concurrent.ConcurrentQueue<string> received)
        => async (socket, cancellationToken) =>
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    return;
                }

                received.Enqueue(System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
        };

    /// <summary>Reads until the client's close frame, hands its code and reason to <paramref name="close"/>, and answers with 1000.</summary>
    public static Func<WebSocket, CancellationToken, Task> RecordCloseInto(TaskCompletionSource<(WebSocketCloseStatus?, string?)> close)
        => async (socket, cancellationToken) =>
        {
            var buffer = new byte[1024];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    close.TrySetResult((result.CloseStatus, result.CloseStatusDescription));
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    return;
                }
            }
        };

    /// <summary>Echoes messages up to <paramref name="limit"/> bytes; a bigger one closes the connection with 1009.</summary>
    public static Func<WebSocket, CancellationToken, Task> RejectOver(int limit)
        => async (socket, cancellationToken) =>
        {
            var buffer = new byte[limit + 1];
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                    length += result.Count;
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                        return;
                    }

                    if (length > limit)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "too big", cancellationToken);
                        return;
                    }
                }
                while (!result.EndOfMessage);

                await socket.SendAsync(buffer.AsMemory(0, length), result.MessageType, endOfMessage: true, cancellationToken);
            }
        };

    /// <summary>Sends "m0" to "m{count - 1}", then closes with 1000 and waits for the client's answer.</summary>
    public static Func<WebSocket, CancellationToken, Task> SendThenClose(int count)
        => async (socket, cancellationToken) =>
        {
            for (var i = 0; i < count; i++)
            {
                await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes($"m{i}"), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
            await socket.ReceiveAsync(new byte[256], cancellationToken);
        };

    /// <summary>Keeps the connection open and never reads, so a close frame is never answered.</summary>
    public static Task NeverAnswerAsync(WebSocket socket, CancellationToken cancellationToken)
        => Task.Delay(Timeout.Infinite, cancellationToken);

    /// <summary>Starts the close handshake itself and then waits, leaving the client in CloseReceived.</summary>
    public static async Task CloseFirstAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "server done", cancellationToken);
        var buffer = new byte[256];
        await socket.ReceiveAsync(buffer, cancellationToken);
    }

    /// <summary>Closes every connection at once with <paramref name="status"/>.</summary>
    public static Func<WebSocket, CancellationToken, Task> CloseWith(WebSocketCloseStatus status, string description = "closing")
        => async (socket, cancellationToken) =>
        {
            await socket.CloseOutputAsync(status, description, cancellationToken);
            await socket.ReceiveAsync(new byte[256], cancellationToken);
        };

    /// <summary>Sends <paramref name="message"/> in fragments of <paramref name="fragmentSize"/> bytes, then echoes.</summary>
    public static Func<WebSocket, CancellationToken, Task> SendFragmentedThenEcho(byte[] message, int fragmentSize)
        => async (socket, cancellationToken) =>
        {
            for (var offset = 0; offset < message.Length; offset += fragmentSize)
            {
                var count = Math.Min(fragmentSize, message.Length - offset);
                var last = offset + count >= message.Length;
                await socket.SendAsync(message.AsMemory(offset, count), WebSocketMessageType.Binary, last, cancellationToken);
            }

            await EchoAsync(socket, cancellationToken);
        };
}
