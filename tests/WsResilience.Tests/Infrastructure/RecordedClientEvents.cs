using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace WsResilience.Tests.Infrastructure;

/// <summary>Records a <see cref="ReconnectingWebSocket"/>'s events so tests can await them in order.</summary>
internal sealed class RecordedClientEvents
{
    private readonly Channel<ConnectedEventArgs> _connected = Channel.CreateUnbounded<ConnectedEventArgs>();
    private readonly Channel<DisconnectedEventArgs> _disconnected = Channel.CreateUnbounded<DisconnectedEventArgs>();
    private readonly Channel<ReconnectingEventArgs> _reconnecting = Channel.CreateUnbounded<ReconnectingEventArgs>();

    public RecordedClientEvents(ReconnectingWebSocket client)
    {
        client.Connected += (_, e) => _connected.Writer.TryWrite(e);
        client.Disconnected += (_, e) => _disconnected.Writer.TryWrite(e);
        client.Reconnecting += (_, e) => { _reconnecting.Writer.TryWrite(e); Reconnects.Enqueue(e); };
        client.MessageDropped += (_, e) => Dropped.Enqueue(e);
    }

    public ConcurrentQueue<ReconnectingEventArgs> Reconnects { get; } = new();

    public ConcurrentQueue<MessageDroppedEventArgs> Dropped { get; } = new();

    public Task<ConnectedEventArgs> NextConnectedAsync() => ReadAsync(_connected);

    public Task<DisconnectedEventArgs> NextDisconnectedAsync() => ReadAsync(_disconnected);

    public Task<ReconnectingEventArgs> NextReconnectingAsync() => ReadAsync(_reconnecting);

    private static async Task<T> ReadAsync<T>(Channel<T> channel)
    {
        using var timeout = TestTimeouts.StepSource();
        try
        {
            return await channel.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No {typeof(T).Name} within {TestTimeouts.Step}.");
        }
    }
}
