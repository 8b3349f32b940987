using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace WsResilience.AspNetCore;

/// <summary>
/// The socket <see cref="HttpContextWebSocketExtensions.AcceptTrackedWebSocketAsync"/> hands out: the accepted
/// socket, plus what the tracker needs and a session should not have to write. It keeps the first failure of a
/// receive, send or close (so the closure can be told apart: a heartbeat timeout, a reset), enforces
/// <see cref="WebSocketTrackingOptions.MaxMessageBytes"/>, and turns a session's own close after the tracker's
/// shutdown close into a wait for that close instead of an invalid-state exception.
/// </summary>
internal sealed class TrackedWebSocket : WebSocket
{
    private readonly WebSocket _inner;
    private readonly int? _maxMessageBytes;
    private readonly TimeSpan _closeTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly Action _onMessageTooBig;
    private Exception? _fault;
    private Task? _serverClose;
    private long _messageBytes;
    private int _abortedBySession;

    public TrackedWebSocket(WebSocket inner, int? maxMessageBytes, TimeSpan closeTimeout, TimeProvider timeProvider, Action onMessageTooBig)
    {
        _inner = inner;
        _maxMessageBytes = maxMessageBytes;
        _closeTimeout = closeTimeout;
        _timeProvider = timeProvider;
        _onMessageTooBig = onMessageTooBig;
    }

    /// <summary>The first exception a receive, send or close on this socket failed with, if any.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Whether the session called <see cref="Abort"/>: an abort it asked for is no heartbeat timeout.</summary>
    public bool AbortedBySession => Volatile.Read(ref _abortedBySession) != 0;

    public override WebSocketCloseStatus? CloseStatus => _inner.CloseStatus;

    public override string? CloseStatusDescription => _inner.CloseStatusDescription;

    public override WebSocketState State => _inner.State;

    public override string? SubProtocol => _inner.SubProtocol;

    /// <summary>Records <paramref name="fault"/> unless an earlier one is known: the first cause explains the closure.</summary>
    public void RecordFault(Exception fault) => Interlocked.CompareExchange(ref _fault, fault, null);

    /// <summary>Closes with 1001 for at most <paramref name="timeout"/>, then aborts; at most once.</summary>
    public Task CloseForShutdownAsync(TimeSpan timeout)
    {
        var closing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _serverClose, closing.Task, null) is { } already)
        {
            return already;
        }

        _ = CompleteAsync();
        return closing.Task;

        async Task CompleteAsync()
        {
            try
            {
                await _inner.CloseOrAbortAsync(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down", timeout, _timeProvider).ConfigureAwait(false);
            }
            finally
            {
                // Whatever a third-party socket does, the host's stop and the session's own close must not wait forever.
                closing.SetResult();
            }
        }
    }

    /// <summary>Ends a socket whose peer went silent, with the timeout as the cause its closure reports.</summary>
    public void AbortForTimeout(TimeoutException timeout)
    {
        RecordFault(timeout);
        _inner.Abort();
    }

    public override void Abort()
    {
        Volatile.Write(ref _abortedBySession, 1);
        _inner.Abort();
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
        => Volatile.Read(ref _serverClose) ?? ObserveAsync(new ValueTask(_inner.CloseAsync(closeStatus, statusDescription, cancellationToken))).AsTask();

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
        => Volatile.Read(ref _serverClose) ?? ObserveAsync(new ValueTask(_inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken))).AsTask();

    public override void Dispose() => _inner.Dispose();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return result.MessageType == WebSocketMessageType.Close
            ? new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage, _inner.CloseStatus, _inner.CloseStatusDescription)
            : new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ObserveAsync(_inner.ReceiveAsync(buffer, cancellationToken)).ConfigureAwait(false);
        await CountAsync(result.MessageType, result.Count, result.EndOfMessage).ConfigureAwait(false);
        return result;
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        => ObserveAsync(new ValueTask(_inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken))).AsTask();

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        => ObserveAsync(_inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken));

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken)
        => ObserveAsync(_inner.SendAsync(buffer, messageType, messageFlags, cancellationToken));

    private async ValueTask CountAsync(WebSocketMessageType type, int count, bool endOfMessage)
    {
        if (_maxMessageBytes is not { } max || type == WebSocketMessageType.Close)
        {
            return;
        }

        _messageBytes += count;
        if (_messageBytes <= max)
        {
            if (endOfMessage)
            {
                _messageBytes = 0;
            }

            return;
        }

        _onMessageTooBig();
        var tooBig = new WebSocketException(
            WebSocketError.Faulted,
            $"A received message is longer than MaxMessageBytes ({max} bytes); the connection was closed with 1009 (message too big).");
        RecordFault(tooBig);
        await _inner.CloseOrAbortAsync(WebSocketCloseStatus.MessageTooBig, "Message too big", _closeTimeout, _timeProvider).ConfigureAwait(false);
        throw tooBig;
    }

    private async ValueTask<T> ObserveAsync<T>(ValueTask<T> operation)
    {
        try
        {
            return await operation.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            RecordFault(exception);
            throw;
        }
    }

    private async ValueTask ObserveAsync(ValueTask operation)
    {
        try
        {
            await operation.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            RecordFault(exception);
            throw;
        }
    }
}
