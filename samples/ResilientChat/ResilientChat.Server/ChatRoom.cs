using System;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using WsResilience;

namespace ResilientChat.Server;

/// <summary>Everyone connected to the chat; each message goes to all of them.</summary>
internal sealed class ChatRoom
{
    private readonly ConcurrentDictionary<Guid, Member> _members = new();

    public async Task JoinAsync(WebSocket socket, string name, CancellationToken stopping)
    {
        var member = new Member(socket);
        var id = Guid.NewGuid();
        _members[id] = member;
        Console.WriteLine($"+ {name} joined ({_members.Count} online)");
        await BroadcastAsync($"* {name} joined").ConfigureAwait(false);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, "bye", TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
                    break;
                }

                var text = System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count);
                await BroadcastAsync($"{name}: {text}").ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            Console.WriteLine($"- {name}: {WebSocketClosure.From(socket, exception)}");
        }
        finally
        {
            _members.TryRemove(id, out _);
            member.Dispose();
        }

        if (!stopping.IsCancellationRequested)
        {
            await BroadcastAsync($"* {name} left").ConfigureAwait(false);
        }
    }

    /// <summary>Tells every member the server is going away (1001), so their clients know it was planned.</summary>
    public Task CloseAllAsync()
    {
        var closing = new System.Collections.Generic.List<Task>();
        foreach (var member in _members.Values)
        {
            closing.Add(member.Socket.CloseOrAbortAsync(WebSocketCloseStatus.EndpointUnavailable, "server shutting down", TimeSpan.FromSeconds(2)));
        }

        return Task.WhenAll(closing);
    }

    private async Task BroadcastAsync(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        foreach (var member in _members.Values)
        {
            await member.SendAsync(bytes).ConfigureAwait(false);
        }
    }

    /// <summary>One connection; sends are serialized because a WebSocket allows one send at a time.</summary>
    private sealed class Member(WebSocket socket) : IDisposable
    {
        private readonly SemaphoreSlim _sending = new(1, 1);

        public WebSocket Socket { get; } = socket;

        public async Task SendAsync(byte[] message)
        {
            await _sending.WaitAsync().ConfigureAwait(false);
            try
            {
                await Socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // That member is on its way out; its own receive loop reports how.
            }
            finally
            {
                _sending.Release();
            }
        }

        public void Dispose() => _sending.Dispose();
    }
}
