using System;
using System.Buffers;
using System.Collections.Generic;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WsResilience;

/// <summary>
/// A WebSocket client that stays connected: it reconnects with jittered exponential backoff, detects dead
/// peers with a heartbeat, delivers whole messages, queues sends while disconnected, and reports every
/// message it cannot send.
/// </summary>
/// <remarks>
/// <para>
/// Each attempt uses a fresh <see cref="ClientWebSocket"/> from <see cref="ReconnectingWebSocketOptions.SocketFactory"/>.
/// One receive is pending whenever <see cref="Messages"/> has room (.NET 9's keep-alive timeout needs it to see pongs);
/// received messages go to <see cref="Messages"/>, which is bounded: read it promptly.
/// </para>
/// <para>
/// Sends go through a bounded queue drained by one writer per connection, so <see cref="SendAsync(ReadOnlyMemory{byte}, WebSocketMessageType, CancellationToken)"/>
/// may be called from any thread, connected or not. "Sent" means handed to the socket: it does not mean the peer
/// received it. A message whose send was interrupted by a disconnect is sent again on the next connection, so the
/// peer may see it twice; a message handed to a socket whose peer then died unnoticed is lost without an event.
/// There is no end-to-end delivery guarantee: acknowledge in the application protocol when it matters.
/// Messages the client gives up on are counted in <see cref="DroppedMessageCount"/>, raised through
/// <see cref="MessageDropped"/>, logged and metered.
/// </para>
/// <para>
/// Event handlers run on the client's connection loop: keep them short. An exception from a handler is logged and ignored.
/// </para>
/// </remarks>
public sealed class ReconnectingWebSocket : IAsyncDisposable
{
    private readonly Uri _uri;
    private readonly ReconnectingWebSocketOptions _options;
    private const string DefaultStopDescription = "client stopping";

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _clientName;
    private readonly ReconnectBackoff _backoff;
    private readonly Channel<OutboundMessage> _outbound;
    private readonly Channel<WebSocketMessage> _inbound;
    private readonly CancellationTokenSource _stopping = new();

    // Never disposed: callers' tokens may still cancel it after the client is gone, and it holds no timer.
    private readonly CancellationTokenSource _abortStop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();

    [ThreadStatic]
    private static ReconnectingWebSocket? t_raising;

    [ThreadStatic]
    private static ReconnectingWebSocket? t_raisingDropped;

    /// <summary>Set on the connection loop's thread while it raises <see cref="Connected"/>: sends made there go to <see cref="_handlerSends"/>.</summary>
    [ThreadStatic]
    private static ReconnectingWebSocket? t_raisingConnected;

    private readonly System.Collections.Concurrent.ConcurrentQueue<MessageDroppedEventArgs> _deferredDrops = new();
    private int _drainingDrops;

    private Task? _run;

    /// <summary>
    /// What the running <see cref="Connected"/> handler sends (authentication, re-subscription): sent on that
    /// connection ahead of the queue, which may hold a backlog from the time the client was disconnected.
    /// Only the connection loop touches it, so it needs no lock.
    /// </summary>
    private Queue<OutboundMessage>? _handlerSends;
    private WebSocketCloseStatus _stopStatus = WebSocketCloseStatus.NormalClosure;
    private string? _stopDescription = DefaultStopDescription;
    private ClientWebSocket? _current;
    private OutboundMessage? _interrupted;
    private int _interruptedAttempts;
    private WebSocketClosure? _lastClosure;
    private bool _stopRequested;
    private int _disposed;
    private long _droppedCount;
    private long _sentCount;
    private long _receivedDroppedCount;

    /// <summary>Creates a client for <paramref name="uri"/>. Nothing happens until <see cref="Start"/>.</summary>
    /// <param name="uri">The ws:// or wss:// address; <see cref="ReconnectingWebSocketOptions.SocketFactory"/> may change it per attempt.</param>
    /// <param name="options">The settings; <see langword="null"/> uses the defaults. Copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="uri"/> is not an absolute ws:// or wss:// address, or a setting is invalid.</exception>
    public ReconnectingWebSocket(Uri uri, ReconnectingWebSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || (uri.Scheme != "ws" && uri.Scheme != "wss"))
        {
            throw new ArgumentException($"Expected an absolute ws:// or wss:// address, got '{uri}'.", nameof(uri));
        }

        _options = options?.Snapshot() ?? new ReconnectingWebSocketOptions();
        _options.Validate(nameof(options));
        _uri = uri;
        _time = _options.TimeProvider ?? TimeProvider.System;
        _logger = _options.Logger ?? NullLogger.Instance;
        _clientName = _options.Name ?? uri.Authority;
        _backoff = new ReconnectBackoff(_options.Backoff, _options.Random, _time);

        var queueOptions = new BoundedChannelOptions(_options.OutboundQueueCapacity)
        {
            FullMode = _options.OutboundQueueFullMode == OutboundQueueFullMode.DropOldest
                ? BoundedChannelFullMode.DropOldest
                : BoundedChannelFullMode.Wait,
            SingleReader = true,
        };
        _outbound = Channel.CreateBounded<OutboundMessage>(queueOptions, dropped => ReportDropped(dropped, MessageDropReason.QueueFullDroppedOldest));
        var inboundOptions = new BoundedChannelOptions(_options.InboundQueueCapacity)
        {
            FullMode = _options.InboundQueueFullMode == InboundQueueFullMode.DropOldest
                ? BoundedChannelFullMode.DropOldest
                : BoundedChannelFullMode.Wait,
            SingleWriter = true,
        };
        _inbound = Channel.CreateBounded<WebSocketMessage>(inboundOptions, _ => ReportReceivedDropped());
    }

    /// <summary>
    /// Raised when a connection is established, before its send loop runs: what a handler sends before its first
    /// <see langword="await"/> goes out on this connection ahead of the queued backlog, in order.
    /// </summary>
    public event EventHandler<ConnectedEventArgs>? Connected;

    /// <summary>Raised when a connection ends, with how it ended.</summary>
    public event EventHandler<DisconnectedEventArgs>? Disconnected;

    /// <summary>Raised before waiting to reconnect, with the attempt number and the delay.</summary>
    public event EventHandler<ReconnectingEventArgs>? Reconnecting;

    /// <summary>Raised for every outbound message that will not be sent.</summary>
    public event EventHandler<MessageDroppedEventArgs>? MessageDropped;

    /// <summary>
    /// Whole received messages, at most <see cref="ReconnectingWebSocketOptions.InboundQueueCapacity"/> unread; what
    /// happens when it is full is <see cref="ReconnectingWebSocketOptions.InboundQueueFullMode"/>. Completes when the
    /// client stops for good.
    /// </summary>
    public ChannelReader<WebSocketMessage> Messages => _inbound.Reader;

    /// <summary>Whether a connection is open right now.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _current is not null;
            }
        }
    }

    /// <summary>How the last connection ended, or <see langword="null"/> before the first one ended.</summary>
    public WebSocketClosure? LastClosure => Volatile.Read(ref _lastClosure);

    /// <summary>How many outbound messages were dropped or refused so far.</summary>
    public long DroppedMessageCount => Interlocked.Read(ref _droppedCount);

    /// <summary>
    /// How many received messages were dropped unread: the oldest ones in <see cref="InboundQueueFullMode.DropOldest"/>
    /// mode, or one waiting for room when the client stopped.
    /// </summary>
    public long DroppedReceivedMessageCount => Interlocked.Read(ref _receivedDroppedCount);

    /// <summary>How many outbound messages were handed to a socket so far: sent, not necessarily received (see the remarks on the class).</summary>
    public long SentMessageCount => Interlocked.Read(ref _sentCount);

    /// <summary>
    /// Completes when the client has stopped for good. A stop asked for with <see cref="StopAsync(CancellationToken)"/> or
    /// <see cref="DisposeAsync"/> completes it successfully; a client that stopped on its own (a closure the retry
    /// decision refused, the last attempt spent, an unexpected failure) faults it with a
    /// <see cref="ReconnectGaveUpException"/> saying why.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>Starts connecting in the background. Sends made before or during connecting are queued.</summary>
    /// <exception cref="InvalidOperationException">The client was already started.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            if (_run is not null || _stopRequested)
            {
                throw new InvalidOperationException("A ReconnectingWebSocket can be started only once.");
            }

            _run = Task.Run(RunAsync);
        }
    }

    /// <summary>Enumerates received messages until the client stops for good.</summary>
    /// <param name="cancellationToken">Ends the enumeration early.</param>
    /// <returns>The messages in arrival order.</returns>
    public IAsyncEnumerable<WebSocketMessage> ReadAllAsync(CancellationToken cancellationToken = default)
        => _inbound.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Queues a UTF-8 text message.</summary>
    /// <param name="text">The text to send.</param>
    /// <param name="cancellationToken">Ends a wait for room in <see cref="OutboundQueueFullMode.Wait"/> mode.</param>
    /// <returns>Completes when the message is queued, not when it is sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="OutboundQueueFullException">The queue is full in <see cref="OutboundQueueFullMode.Fail"/> mode.</exception>
    /// <exception cref="InvalidOperationException">The client has stopped.</exception>
    /// <remarks>
    /// Called from a <see cref="Connected"/> handler (before its first <see langword="await"/>), the message is sent on
    /// the new connection ahead of everything queued: that is the place for authentication and re-subscription.
    /// </remarks>
    public ValueTask SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EnqueueAsync(new OutboundMessage(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text), cancellationToken);
    }

    /// <summary>Queues a message. The bytes are copied, so the caller may reuse its buffer at once.</summary>
    /// <param name="message">The message.</param>
    /// <param name="messageType">Text or binary.</param>
    /// <param name="cancellationToken">Ends a wait for room in <see cref="OutboundQueueFullMode.Wait"/> mode.</param>
    /// <returns>Completes when the message is queued, not when it is sent.</returns>
    /// <exception cref="ArgumentException"><paramref name="messageType"/> is <see cref="WebSocketMessageType.Close"/>.</exception>
    /// <exception cref="OutboundQueueFullException">The queue is full in <see cref="OutboundQueueFullMode.Fail"/> mode.</exception>
    /// <exception cref="InvalidOperationException">The client has stopped.</exception>
    /// <remarks>As for <see cref="SendAsync(string, CancellationToken)"/>: from a <see cref="Connected"/> handler, sent ahead of the queue.</remarks>
    public ValueTask SendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType, CancellationToken cancellationToken = default)
    {
        if (messageType is not (WebSocketMessageType.Text or WebSocketMessageType.Binary))
        {
            throw new ArgumentException("Only text and binary messages can be sent; use StopAsync to close.", nameof(messageType));
        }

        return EnqueueAsync(new OutboundMessage(message.ToArray(), messageType), cancellationToken);
    }

    /// <summary>
    /// Stops the client: no more sends are accepted, messages already queued are still sent on an open
    /// connection for up to <see cref="ReconnectingWebSocketOptions.StopFlushTimeout"/>, the rest are reported
    /// through <see cref="MessageDropped"/> with <see cref="MessageDropReason.Stopped"/>, and the connection is
    /// closed with 1000 "client stopping" by <see cref="WebSocketExtensions.CloseOrAbortAsync(WebSocket, WebSocketCloseStatus, string?, TimeSpan, TimeProvider, CancellationToken)"/>
    /// (aborted after <see cref="ReconnectingWebSocketOptions.CloseTimeout"/>). Safe to call more than once and from any thread.
    /// </summary>
    /// <remarks>
    /// Returns within <see cref="ReconnectingWebSocketOptions.StopFlushTimeout"/> + <see cref="ReconnectingWebSocketOptions.CloseTimeout"/>
    /// plus the time event handlers take, in every state: connecting (the <see cref="ReconnectingWebSocketOptions.SocketFactory"/>
    /// is abandoned if it ignores its token), waiting to reconnect, or connected. Called from an event handler of this
    /// client, it requests the stop and returns at once: the client stops once the handler has returned, so
    /// <c>StopAsync().Wait()</c> in a handler cannot deadlock.
    /// </remarks>
    /// <param name="cancellationToken">
    /// Skips the flush and the close handshake: the connection is aborted, and the returned task is cancelled
    /// if the client has not stopped yet.
    /// </param>
    /// <returns>Completes when the client has stopped.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the client stopped.</exception>
    public Task StopAsync(CancellationToken cancellationToken = default)
        => StopCoreAsync(WebSocketCloseStatus.NormalClosure, DefaultStopDescription, cancellationToken);

    /// <summary>
    /// Stops the client as <see cref="StopAsync(CancellationToken)"/> does, closing the connection with
    /// <paramref name="closeStatus"/> and <paramref name="statusDescription"/> instead of 1000 "client stopping".
    /// </summary>
    /// <remarks>
    /// Only the first stop request chooses the code: a later call, or <see cref="DisposeAsync"/>, waits for the same stop.
    /// A stop while no connection is open sends nothing.
    /// </remarks>
    /// <param name="closeStatus">The close code the server receives, e.g. 1001 <see cref="WebSocketCloseStatus.EndpointUnavailable"/> when the application shuts down, or an application code from 4000 to 4999.</param>
    /// <param name="statusDescription">The reason the server receives; at most 123 UTF-8 bytes.</param>
    /// <param name="cancellationToken">As for <see cref="StopAsync(CancellationToken)"/>.</param>
    /// <returns>Completes when the client has stopped.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="closeStatus"/> cannot be sent (below 1000, above 65535, 1005, 1006 or 1015), or
    /// <paramref name="statusDescription"/> is longer than 123 UTF-8 bytes. Thrown at the call.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the client stopped.</exception>
    public Task StopAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken = default)
    {
        CloseStatusRules.Validate(closeStatus, statusDescription, nameof(closeStatus), nameof(statusDescription));
        return StopCoreAsync(closeStatus, statusDescription, cancellationToken);
    }

    private async Task StopCoreAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        var fromHandler = t_raising == this;
        Task? run;
        bool first;
        lock (_gate)
        {
            first = !_stopRequested;
            if (first)
            {
                _stopStatus = closeStatus;
                _stopDescription = statusDescription;
            }

            _stopRequested = true;
            run = _run;
        }

        if (first)
        {
            _outbound.Writer.TryComplete();
            await _stopping.CancelAsync().ConfigureAwait(false);
            if (run is null)
            {
                FinishStopping(MessageDropReason.Stopped, gaveUp: null);
            }
        }

        if (fromHandler)
        {
            return;
        }

        try
        {
            await _completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // On the thread pool: aborting can run the connection loop and its event handlers inline, and
            // they must not run on the caller's stack (inside its Cancel(), say).
            ThreadPool.UnsafeQueueUserWorkItem(static client => client._abortStop.Cancel(), this, preferLocal: false);
            throw;
        }
        catch (ReconnectGaveUpException)
        {
            // A client that had already given up has stopped all the same; its reason stays on Completion.
        }
    }

    /// <summary>Stops the client (see <see cref="StopAsync(CancellationToken)"/>) and releases its resources.</summary>
    /// <returns>Completes when the client has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // _stopping is not disposed: called from an event handler, StopAsync returns before the loop that
        // still reads its token has ended. It holds no timer, so nothing leaks.
        await StopAsync().ConfigureAwait(false);
    }

    private ValueTask EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (t_raisingConnected == this && _handlerSends is { } handlerSends)
        {
            handlerSends.Enqueue(message);
            ResilienceMetrics.MessagesQueued.Add(1, ResilienceMetrics.ClientTags(_options.Name));
            return ValueTask.CompletedTask;
        }

        if (_outbound.Writer.TryWrite(message))
        {
            ResilienceMetrics.MessagesQueued.Add(1, ResilienceMetrics.ClientTags(_options.Name));
            return ValueTask.CompletedTask;
        }

        // Failures of the operation come back in the task, as callers of an async method expect; only argument
        // mistakes throw at the call.
        if (IsStopRequested())
        {
            return ValueTask.FromException(new InvalidOperationException("The client has stopped; the message was not queued."));
        }

        if (_options.OutboundQueueFullMode == OutboundQueueFullMode.Fail)
        {
            ReportDropped(message, MessageDropReason.QueueFullRejected);
            return ValueTask.FromException(new OutboundQueueFullException($"The outbound queue is full ({_options.OutboundQueueCapacity} messages); the message was not queued."));
        }

        return WaitAndEnqueueAsync(message, cancellationToken);
    }

    private async ValueTask WaitAndEnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _outbound.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            throw new InvalidOperationException("The client has stopped; the message was not queued.", exception);
        }

        ResilienceMetrics.MessagesQueued.Add(1, ResilienceMetrics.ClientTags(_options.Name));
    }

    private bool IsStopRequested()
    {
        lock (_gate)
        {
            return _stopRequested;
        }
    }

    private async Task RunAsync()
    {
        long? disconnectedAt = null;
        var failingSince = _time.GetTimestamp();
        ReconnectDecision? next = null;
        Exception? connectError = null;
        ReconnectGaveUpException? gaveUp = null;
        var authFailures = 0;
        var attempt = 0;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                if (next is { } decision)
                {
                    if (!await WaitBeforeReconnectAsync(decision.Delay, connectError).ConfigureAwait(false))
                    {
                        return;
                    }

                    attempt = _backoff.Attempt;
                    ResilienceMetrics.ReconnectAttempts.Add(1, ResilienceMetrics.ClientTags(_options.Name));
                }

                var connection = await ConnectAsync(attempt).ConfigureAwait(false);
                connectError = connection.Error;
                if (connection.Socket is not { } socket)
                {
                    if (_stopping.IsCancellationRequested)
                    {
                        return;
                    }

                    authFailures = connection.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? authFailures + 1 : 0;
                    next = Decide(null, connectError, connection.Status, connection.RetryAfter, authFailures, failingSince);
                    if (!next.Value.Reconnect)
                    {
                        gaveUp = GiveUp(next.Value.StopReason!, closure: null, connectError);
                        return;
                    }

                    continue;
                }

                using (socket)
                {
                    if (!TryBecomeCurrent(socket))
                    {
                        var (status, description) = StopClose();
                        await socket.CloseOrAbortAsync(status, description, _options.CloseTimeout, _time).ConfigureAwait(false);
                        return;
                    }

                    TimeSpan? downtime = disconnectedAt is { } since ? _time.GetElapsedTime(since) : null;
                    var uri = connection.Uri!;
                    var closure = await RunConnectionAsync(socket, connection.Heartbeat, () => OnConnected(uri, attempt, downtime)).ConfigureAwait(false);

                    lock (_gate)
                    {
                        _current = null;
                    }

                    disconnectedAt = failingSince = _time.GetTimestamp();
                    _backoff.RecordDisconnected();
                    if (_stopping.IsCancellationRequested)
                    {
                        OnDisconnected(closure, willReconnect: false);
                        return;
                    }

                    authFailures = closure.Code == (int)WebSocketCloseStatus.PolicyViolation ? authFailures + 1 : 0;
                    next = Decide(closure, null, null, null, authFailures, failingSince);
                    OnDisconnected(closure, next.Value.Reconnect);
                    if (!next.Value.Reconnect)
                    {
                        gaveUp = GiveUp(next.Value.StopReason!, closure, connectError: null);
                        return;
                    }
                }
            }
        }
        catch (Exception exception)
        {
            // A defect of this library or of a callback it does not guard: end visibly, never as a silent success.
            gaveUp = GiveUp("The connection loop failed unexpectedly.", LastClosure, exception);
        }
        finally
        {
            FinishStopping(MessageDropReason.Stopped, gaveUp);
        }
    }

    /// <summary>The one place that decides whether and when to try again, after a closure or a failed attempt alike.</summary>
    private ReconnectDecision Decide(
        WebSocketClosure? closure,
        Exception? connectError,
        HttpStatusCode? status,
        TimeSpan? retryAfter,
        int authFailures,
        long failingSince)
    {
        if (!_backoff.TryGetNextDelay(out var delay))
        {
            return ReconnectDecision.Stop($"All {_backoff.Attempt} reconnect attempts failed.");
        }

        if (closure is { AsksForLongerWait: true } && delay < _options.ServerBusyDelay)
        {
            delay = _options.ServerBusyDelay;
        }

        if (retryAfter is { } serverSays && delay < serverSays)
        {
            delay = serverSays;
        }

        var context = new ReconnectContext(_backoff.Attempt, _time.GetElapsedTime(failingSince), closure, connectError, status, retryAfter, authFailures, delay);
        context.DefaultDecision = DefaultDecision(context);
        return Consult(_options.ReconnectPolicy, context, context.DefaultDecision, nameof(ReconnectingWebSocketOptions.ReconnectPolicy));
    }

    /// <summary>Asks a user callback, falling back to <paramref name="fallback"/> when there is none or it throws.</summary>
    private TResult Consult<TArgument, TResult>(Func<TArgument, TResult>? callback, TArgument argument, TResult fallback, string name)
    {
        if (callback is null)
        {
            return fallback;
        }

        try
        {
            return callback(argument);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ResilienceLog.HandlerFailed(_logger, _clientName, name, exception);
            return fallback;
        }
    }

    private ReconnectDecision DefaultDecision(ReconnectContext context)
    {
        // A refused credential gets one more attempt when the factory can fetch a fresh one; a second refusal in a row stops.
        var credentialsMayChange = _options.SocketFactory is not null && context.ConsecutiveAuthFailures < 2;
        if (context.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && !credentialsMayChange)
        {
            return ReconnectDecision.Stop($"The server refused the upgrade with {(int)context.HttpStatusCode} {context.HttpStatusCode}; the client does not retry it.");
        }

        if (context.Closure is not { } closure)
        {
            return ReconnectDecision.RetryAfter(context.ProposedDelay);
        }

        var retry = _options.ShouldReconnect is not null
            ? Consult(_options.ShouldReconnect, closure, closure.IsRetryable, nameof(ReconnectingWebSocketOptions.ShouldReconnect))
            : closure.IsRetryable || (closure.Kind == WebSocketClosureKind.PolicyViolation && credentialsMayChange);
        return retry
            ? ReconnectDecision.RetryAfter(context.ProposedDelay)
            : ReconnectDecision.Stop($"The connection ended with {closure}; the client does not retry it.");
    }

    private ReconnectGaveUpException GiveUp(string reason, WebSocketClosure? closure, Exception? connectError)
    {
        ResilienceLog.GaveUp(_logger, _clientName, reason, connectError);
        return new ReconnectGaveUpException(reason, closure, connectError);
    }

    private async Task<bool> WaitBeforeReconnectAsync(TimeSpan delay, Exception? connectError)
    {
        ResilienceMetrics.ReconnectDelay.Record(delay.TotalSeconds, ResilienceMetrics.ClientTags(_options.Name));
        ResilienceLog.Reconnecting(_logger, _clientName, delay.TotalMilliseconds, _backoff.Attempt);

        // The wait starts before the handlers run, so a slow handler does not lengthen the announced delay.
        var waiting = Task.Delay(delay, _time, _stopping.Token);
        Raise(Reconnecting, new ReconnectingEventArgs(_backoff.Attempt, delay, connectError), nameof(Reconnecting));

        try
        {
            await waiting.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<ConnectionAttempt> ConnectAsync(int attempt)
    {
        var request = new WebSocketConnectionRequest(_uri, attempt);
        ClientWebSocket? socket = null;
        try
        {
            using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _stopping.Token);
            socket = _options.SocketFactory is { } factory
                ? await CreateSocketAsync(factory, request, linked.Token).ConfigureAwait(false)
                : new ClientWebSocket();
            if (socket is null)
            {
                throw new InvalidOperationException("The SocketFactory returned null; it must return a new ClientWebSocket.");
            }

            var heartbeat = WebSocketHeartbeat.Configure(socket.Options, _options.HeartbeatInterval, _options.HeartbeatTimeout);
            socket.Options.CollectHttpResponseDetails = true;
            await socket.ConnectAsync(request.Uri, linked.Token).ConfigureAwait(false);
            socket.HttpResponseHeaders = null;
            return new ConnectionAttempt(socket, request.Uri, heartbeat, null, null, null);
        }
        catch (Exception exception)
        {
            var status = socket is { HttpStatusCode: > 0 and var code } ? code : (HttpStatusCode?)null;
            var retryAfter = status is null ? null : ParseRetryAfter(socket!);
            // Every failure of an attempt is the attempt's, whatever its type: the factory is user code, and
            // an exception escaping here would end the client with nobody told.
            socket?.Dispose();
            if (!_stopping.IsCancellationRequested)
            {
                ResilienceLog.ConnectFailed(_logger, _clientName, request.Uri, attempt, exception);
            }

            var error = exception is OperationCanceledException && !_stopping.IsCancellationRequested
                ? new TimeoutException($"Connecting to {request.Uri} took longer than {_options.ConnectTimeout}.", exception)
                : exception;
            return new ConnectionAttempt(null, null, default, error, status, retryAfter);
        }
    }

    private TimeSpan? ParseRetryAfter(ClientWebSocket socket)
    {
        if (socket.HttpResponseHeaders is not { } headers)
        {
            return null;
        }

        foreach (var (name, values) in headers)
        {
            if (!string.Equals(name, "Retry-After", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                {
                    return TimeSpan.FromSeconds(Math.Min(seconds, int.MaxValue / 1000));
                }

                if (DateTimeOffset.TryParseExact(value, "r", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date))
                {
                    var wait = date - _time.GetUtcNow();
                    return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Runs the factory under the attempt's deadline and the stop even when it ignores its token; a socket it
    /// produces after being abandoned is disposed, and its failure observed.
    /// </summary>
    private static async Task<ClientWebSocket?> CreateSocketAsync(
        Func<WebSocketConnectionRequest, CancellationToken, ValueTask<ClientWebSocket>> factory,
        WebSocketConnectionRequest request,
        CancellationToken cancellationToken)
    {
        var creating = factory(request, cancellationToken).AsTask();
        try
        {
            return await creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!creating.IsCompleted)
        {
            _ = creating.ContinueWith(
                static abandoned =>
                {
                    if (abandoned.IsCompletedSuccessfully)
                    {
                        abandoned.Result?.Dispose();
                    }
                    else
                    {
                        _ = abandoned.Exception;
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>The close code and reason the first stop request asked for.</summary>
    private (WebSocketCloseStatus Status, string? Description) StopClose()
    {
        lock (_gate)
        {
            return (_stopStatus, _stopDescription);
        }
    }

    private bool TryBecomeCurrent(ClientWebSocket socket)
    {
        lock (_gate)
        {
            if (_stopRequested)
            {
                return false;
            }

            _current = socket;
            return true;
        }
    }

    private async Task<WebSocketClosure> RunConnectionAsync(ClientWebSocket socket, WebSocketHeartbeatMode heartbeat, Action onConnected)
    {
        var probe = _options.LivenessProbe is not null
            ? new ProbeWatchdog(socket, _options.HeartbeatInterval, _options.HeartbeatTimeout, _time)
            : null;
        using IReceiveWatch? watchdog = (IReceiveWatch?)probe
            ?? (heartbeat == WebSocketHeartbeatMode.ApplicationWatchdog ? WebSocketHeartbeat.Watch(socket, _options.SilenceTimeout, _time) : null);

        // Raised once the dead-peer detector runs, so its clock starts no later than the handlers see the connection.
        var handlerSends = new Queue<OutboundMessage>();
        _handlerSends = handlerSends;
        var outer = t_raisingConnected;
        t_raisingConnected = this;
        try
        {
            onConnected();
        }
        finally
        {
            t_raisingConnected = outer;
            _handlerSends = null;
        }

        using var stopSending = new CancellationTokenSource();
        var sendFailure = new SendFailure();
        var sending = SendLoopAsync(socket, probe, handlerSends, sendFailure, stopSending.Token);
        var receiving = ReceiveLoopAsync(socket, watchdog, sendFailure);
        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_stopping.Token.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), stopRequested))
        {
            if (await Task.WhenAny(receiving, stopRequested.Task).ConfigureAwait(false) != receiving)
            {
                await CloseForStopAsync(socket, sending, stopSending).ConfigureAwait(false);
            }
        }

        var closure = await receiving.ConfigureAwait(false);
        await stopSending.CancelAsync().ConfigureAwait(false);
        await sending.ConfigureAwait(false);

        // They were meant for this connection; the next Connected handler sends its own.
        while (handlerSends.TryDequeue(out var unsent))
        {
            ReportDropped(unsent, _stopping.IsCancellationRequested ? MessageDropReason.Stopped : MessageDropReason.ConnectionEnded);
        }

        return closure;
    }

    /// <summary>
    /// Ends a connection for <see cref="StopAsync(CancellationToken)"/> in order: the send loop first (after flushing the queue
    /// within its bound), then the close handshake. Closing while the send loop still ran made the loop fail
    /// on a CloseSent socket and abort it, and the stop was reported as 1006.
    /// </summary>
    private async Task CloseForStopAsync(ClientWebSocket socket, Task sending, CancellationTokenSource stopSending)
    {
        var abort = _abortStop.Token;
        if (_options.StopFlushTimeout > TimeSpan.Zero)
        {
            try
            {
                // StopAsync completed the queue, so the send loop ends by itself once it is empty.
                await sending.WaitAsync(_options.StopFlushTimeout, _time, abort).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
            {
            }
        }

        // Whatever is still queued is reported dropped when the client finishes stopping.
        await stopSending.CancelAsync().ConfigureAwait(false);
        var (status, description) = StopClose();
        await socket.CloseOrAbortAsync(status, description, _options.CloseTimeout, _time, abort).ConfigureAwait(false);
    }

    private async Task SendLoopAsync(ClientWebSocket socket, ProbeWatchdog? probe, Queue<OutboundMessage> handlerSends, SendFailure failure, CancellationToken stop)
    {
        Task<bool>? waitingForMessages = null;
        try
        {
            // Dequeued only once on the wire, so what a failed send leaves behind is reported dropped.
            while (handlerSends.TryPeek(out var first))
            {
                await socket.SendAsync(first.Payload, first.Type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                handlerSends.Dequeue();
                Interlocked.Increment(ref _sentCount);
            }

            while (true)
            {
                if (probe is not null && probe.TryTakeRequest())
                {
                    // Ahead of the queue: a backlog must not delay the question whether the peer is alive.
                    var question = _options.LivenessProbe!.Value;
                    await socket.SendAsync(question.Payload, question.Type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                    continue;
                }

                if (_interrupted is not { } message)
                {
                    if (!_outbound.Reader.TryRead(out message))
                    {
                        waitingForMessages ??= _outbound.Reader.WaitToReadAsync(stop).AsTask();
                        if (probe is not null)
                        {
                            await Task.WhenAny(waitingForMessages, probe.Requested).ConfigureAwait(false);
                            if (!waitingForMessages.IsCompleted)
                            {
                                continue;
                            }
                        }

                        var more = await waitingForMessages.ConfigureAwait(false);
                        waitingForMessages = null;
                        if (!more)
                        {
                            return;
                        }

                        continue;
                    }

                    _interrupted = message;
                    _interruptedAttempts = 0;
                }

                if (++_interruptedAttempts > _options.MaxSendAttempts)
                {
                    // Every connection so far ended while this message was on the wire: the peer refuses it,
                    // and resending it forever would hold back everything queued behind it.
                    _interrupted = null;
                    ReportDropped(message, MessageDropReason.Rejected);
                    continue;
                }

                // Not cancellable on purpose: cancelling a send aborts the socket, and the receive loop owns its end.
                await socket.SendAsync(message.Payload, message.Type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                _interrupted = null;
                Interlocked.Increment(ref _sentCount);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or System.IO.IOException)
        {
            failure.Value = exception;
            socket.Abort();
        }
    }

    private async Task<WebSocketClosure> ReceiveLoopAsync(ClientWebSocket socket, IReceiveWatch? watchdog, SendFailure sendFailure)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_options.ReceiveBufferSize);
        using var assembly = new MessageAssembler(_options.MaxMessageSize);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(0, _options.ReceiveBufferSize), CancellationToken.None).ConfigureAwait(false);
                watchdog?.NotifyReceived();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        var echo = socket.CloseStatus is { } status && (int)status is not (CloseStatusRules.NoStatusReceived or CloseStatusRules.AbnormalClosure or CloseStatusRules.TlsHandshakeFailure)
                            ? status
                            : WebSocketCloseStatus.NormalClosure;
                        await socket.CloseOrAbortAsync(echo, null, _options.CloseTimeout, _time).ConfigureAwait(false);
                    }

                    return WebSocketClosure.From(socket);
                }

                if (!assembly.TryAppend(buffer.AsSpan(0, result.Count), result.EndOfMessage, result.MessageType, out var message))
                {
                    ResilienceLog.MessageTooBig(_logger, _clientName, _options.MaxMessageSize);
                    await socket.CloseOrAbortAsync(WebSocketCloseStatus.MessageTooBig, $"message over {_options.MaxMessageSize} bytes", _options.CloseTimeout, _time).ConfigureAwait(false);
                    return WebSocketClosure.FromCloseCode((int)WebSocketCloseStatus.MessageTooBig, "message too big (closed by this client)");
                }

                if (message is { } whole && !_inbound.Writer.TryWrite(whole))
                {
                    await WaitToDeliverAsync(whole).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or System.IO.IOException)
        {
            var cause = sendFailure.Value ?? exception;
            if (watchdog is { HasExpired: true })
            {
                cause = new TimeoutException(watchdog.ExpiredReason, cause);
            }

            return WebSocketClosure.From(socket, cause);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Waits for the application to make room in <see cref="Messages"/>; a stop ends the wait and loses the message.</summary>
    private async Task WaitToDeliverAsync(WebSocketMessage message)
    {
        try
        {
            await _inbound.Writer.WriteAsync(message, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            ReportReceivedDropped();
        }
    }

    private void ReportReceivedDropped()
    {
        var total = Interlocked.Increment(ref _receivedDroppedCount);
        ResilienceMetrics.ReceivedDropped.Add(1, ResilienceMetrics.ClientTags(_options.Name));
        ResilienceLog.ReceivedMessageDropped(_logger, _clientName, total);
    }


    private void OnConnected(Uri uri, int attempt, TimeSpan? downtime)
    {
        _backoff.RecordConnected();
        ResilienceMetrics.ActiveConnections.Add(1, ResilienceMetrics.ClientTags(_options.Name));
        if (downtime is { } down)
        {
            ResilienceMetrics.TimeToReconnect.Record(down.TotalSeconds, ResilienceMetrics.ClientTags(_options.Name));
        }

        ResilienceLog.Connected(_logger, _clientName, uri, attempt);
        Raise(Connected, new ConnectedEventArgs(uri, attempt, downtime), nameof(Connected));
    }

    private void OnDisconnected(WebSocketClosure closure, bool willReconnect)
    {
        Volatile.Write(ref _lastClosure, closure);
        ResilienceMetrics.ActiveConnections.Add(-1, ResilienceMetrics.ClientTags(_options.Name));
        ResilienceMetrics.RecordDisconnect(_options.Name, closure);
        if (closure.IsAbnormal)
        {
            ResilienceLog.DisconnectedAbnormally(_logger, _clientName, closure.Code, closure.Kind, closure.Error);
        }
        else
        {
            ResilienceLog.Disconnected(_logger, _clientName, closure.Code, closure.Kind, closure.Description);
        }

        Raise(Disconnected, new DisconnectedEventArgs(closure, willReconnect), nameof(Disconnected));
    }

    private void FinishStopping(MessageDropReason reason, ReconnectGaveUpException? gaveUp)
    {
        lock (_gate)
        {
            _stopRequested = true;
        }

        _outbound.Writer.TryComplete();
        if (_interrupted is { } interrupted)
        {
            _interrupted = null;
            ReportDropped(interrupted, reason);
        }

        while (_outbound.Reader.TryRead(out var queued))
        {
            ReportDropped(queued, reason);
        }

        _inbound.Writer.TryComplete();
        ResilienceLog.Stopped(_logger, _clientName);
        if (gaveUp is null)
        {
            _completion.TrySetResult();
        }
        else if (_completion.TrySetException(gaveUp))
        {
            // Reading Exception marks the fault as observed: an application that never awaits Completion must
            // not get an UnobservedTaskException for a stop it was already told about through logs and events.
            _ = _completion.Task.Exception;
        }
    }

    private void ReportDropped(OutboundMessage message, MessageDropReason reason)
    {
        var total = Interlocked.Increment(ref _droppedCount);
        ResilienceMetrics.RecordDropped(_options.Name, reason);
        ResilienceLog.MessageDropped(_logger, _clientName, reason, total);
        var args = new MessageDroppedEventArgs(message.Type, message.Payload, reason);
        if (t_raisingDropped == this)
        {
            // A MessageDropped handler of this client sent a message that pushed another one out. Raising
            // the event here would nest handlers on the sender's stack without bound; later, on the pool, it
            // cannot. Counted above all the same.
            _deferredDrops.Enqueue(args);
            if (Interlocked.CompareExchange(ref _drainingDrops, 1, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static client => client.RaiseDeferredDrops(), this, preferLocal: false);
            }

            return;
        }

        RaiseDropped(args);
    }

    private void RaiseDropped(MessageDroppedEventArgs args)
    {
        var outer = t_raisingDropped;
        t_raisingDropped = this;
        try
        {
            Raise(MessageDropped, args, nameof(MessageDropped));
        }
        finally
        {
            t_raisingDropped = outer;
        }
    }

    private void RaiseDeferredDrops()
    {
        while (true)
        {
            while (_deferredDrops.TryDequeue(out var args))
            {
                RaiseDropped(args);
            }

            Volatile.Write(ref _drainingDrops, 0);

            // A drop queued between the last TryDequeue and the reset found the flag still set: take it here.
            if (_deferredDrops.IsEmpty || Interlocked.CompareExchange(ref _drainingDrops, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private void Raise<TArgs>(EventHandler<TArgs>? handler, TArgs args, string eventName)
    {
        if (handler is null)
        {
            return;
        }

        var outer = t_raising;
        t_raising = this;
        try
        {
            handler(this, args);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A subscriber's bug must not end the connection loop or hide the next event.
            ResilienceLog.HandlerFailed(_logger, _clientName, eventName, exception);
        }
        finally
        {
            t_raising = outer;
        }
    }

    private readonly record struct ConnectionAttempt(
        ClientWebSocket? Socket,
        Uri? Uri,
        WebSocketHeartbeatMode Heartbeat,
        Exception? Error,
        HttpStatusCode? Status,
        TimeSpan? RetryAfter);

    /// <summary>The first failure of a connection's send loop, shared with its receive loop.</summary>
    private sealed class SendFailure
    {
        public Exception? Value { get; set; }
    }
}
