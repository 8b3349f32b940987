using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace WsResilience;

/// <summary>Settings for <see cref="ReconnectingWebSocket"/>. Validated when the client is created.</summary>
public sealed class ReconnectingWebSocketOptions
{
    /// <summary>
    /// Creates the (not yet connected) socket for each attempt, so headers, subprotocols and tokens can be
    /// refreshed per attempt and the URI changed through <see cref="WebSocketConnectionRequest.Uri"/>. Must
    /// return a new <see cref="ClientWebSocket"/> every time: a socket cannot connect twice. The heartbeat
    /// settings are applied after the factory returns. <see langword="null"/> creates a plain socket.
    /// </summary>
    public Func<WebSocketConnectionRequest, CancellationToken, ValueTask<ClientWebSocket>>? SocketFactory { get; set; }

    /// <summary>How long one connection attempt (TCP, TLS and the upgrade) may take. Default 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delays between attempts. The defaults: 1 s doubling to 30 s, full jitter, 10 s stability window.</summary>
    public ReconnectBackoffOptions Backoff { get; set; } = new();

    /// <summary>
    /// The shortest wait after a peer closed with 1012 (service restart) or 1013 (try again later). Default 5 seconds.
    /// </summary>
    public TimeSpan ServerBusyDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often keep-alive frames are sent. Default 15 seconds. The heartbeat cannot be turned off.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// On .NET 9+, how long to wait for the pong to a ping before giving up on the peer (<c>KeepAliveTimeout</c>).
    /// A dead peer is detected within about <see cref="HeartbeatInterval"/> + this. With a <see cref="LivenessProbe"/>
    /// (any target), how long to wait for the answer to the probe. Default 10 seconds.
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// On .NET 8 without a <see cref="LivenessProbe"/>, how long the connection may go without receiving anything before it
    /// is taken as dead. The peer must send messages more often than this: the runtime consumes the server's pings
    /// inside <c>ReceiveAsync</c>, so they do not count, and a peer that only pings is taken as dead. Set
    /// <see cref="LivenessProbe"/> instead when the peer can answer a message. Default 150 seconds. Not used on .NET 9+.
    /// </summary>
    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(150);

    /// <summary>
    /// An application-level "are you there?" message, for peers that answer it (an echo, or a protocol ping such as
    /// <c>{"op":"ping"}</c>). When set, the client sends it whenever nothing was received for
    /// <see cref="HeartbeatInterval"/>, and takes the peer as dead (closure <see cref="WebSocketClosureKind.KeepAliveTimeout"/>)
    /// when still nothing arrived <see cref="HeartbeatTimeout"/> later. Any received message counts as the answer, and the
    /// answer is delivered to <see cref="ReconnectingWebSocket.Messages"/> like any other. The probe is sent ahead of the
    /// outbound queue and is not counted in <see cref="ReconnectingWebSocket.SentMessageCount"/>. Replaces
    /// <see cref="SilenceTimeout"/>. Use it on .NET 8, where the runtime cannot send pings and swallows the peer's pings
    /// inside <c>ReceiveAsync</c>, so a healthy idle peer looks silent. Default <see langword="null"/>: off.
    /// </summary>
    public WebSocketMessage? LivenessProbe { get; set; }

    /// <summary>The size of each read from the socket. Default 16 KiB.</summary>
    public int ReceiveBufferSize { get; set; } = 16 * 1024;

    /// <summary>
    /// The largest message accepted. A bigger one closes the connection with 1009 (message too big), and the
    /// client reconnects. Default 1 MiB.
    /// </summary>
    public int MaxMessageSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// How many received messages may wait unread in <see cref="ReconnectingWebSocket.Messages"/>. Default 1,000. Memory is
    /// bounded by this times <see cref="MaxMessageSize"/>.
    /// </summary>
    public int InboundQueueCapacity { get; set; } = 1000;

    /// <summary>What the client does with a received message when <see cref="ReconnectingWebSocket.Messages"/> is full. Default <see cref="WsResilience.InboundQueueFullMode.Wait"/>.</summary>
    public InboundQueueFullMode InboundQueueFullMode { get; set; } = InboundQueueFullMode.Wait;

    /// <summary>How many outbound messages may wait while disconnected or while the socket is busy. Default 1,000.</summary>
    public int OutboundQueueCapacity { get; set; } = 1000;

    /// <summary>
    /// How many connections may end while a message is being sent before the message is dropped with
    /// <see cref="MessageDropReason.Rejected"/>. A message whose send was interrupted is sent again on the next
    /// connection, ahead of the queue; one the server always refuses would otherwise block the queue forever. Default 3.
    /// </summary>
    public int MaxSendAttempts { get; set; } = 3;

    /// <summary>What a send does when the outbound queue is full. Default <see cref="OutboundQueueFullMode.Wait"/>.</summary>
    public OutboundQueueFullMode OutboundQueueFullMode { get; set; } = OutboundQueueFullMode.Wait;

    /// <summary>How long <see cref="ReconnectingWebSocket.StopAsync(System.Threading.CancellationToken)"/> waits for the close handshake before aborting. Default 5 seconds.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long <see cref="ReconnectingWebSocket.StopAsync(System.Threading.CancellationToken)"/> keeps sending the messages queued before it was called,
    /// on an open connection, before it reports the rest dropped and closes. Default 5 seconds; zero drops them at once.
    /// </summary>
    public TimeSpan StopFlushTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The one retry decision, consulted after every failure: a connection that ended and an attempt that failed
    /// (a refused upgrade included, with its HTTP status and <c>Retry-After</c>). It gets the client's own decision as
    /// <see cref="ReconnectContext.DefaultDecision"/>, and is not consulted once <see cref="ReconnectBackoffOptions.MaxAttempts"/>
    /// are spent. <see langword="null"/> (the default) takes the default decision. An exception from it is logged and the
    /// default decision taken.
    /// </summary>
    public Func<ReconnectContext, ReconnectDecision>? ReconnectPolicy { get; set; }

    /// <summary>
    /// Decides whether to reconnect after a connection ended, as part of the default decision (see <see cref="ReconnectPolicy"/>). <see langword="null"/> (the default) reconnects
    /// when <see cref="WebSocketClosure.IsRetryable"/> is <see langword="true"/>.
    /// </summary>
    public Func<WebSocketClosure, bool>? ShouldReconnect { get; set; }

    /// <summary>A name for this client, added to metrics as the <c>wsresilience.client</c> tag and to log messages. Optional.</summary>
    public string? Name { get; set; }

    /// <summary>Where to log; <see langword="null"/> logs nothing.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>The clock for timeouts, delays and the stability window; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>The source of backoff jitter; <see langword="null"/> uses <see cref="Random.Shared"/>.</summary>
    public Random? Random { get; set; }

    internal ReconnectingWebSocketOptions Snapshot()
    {
        var copy = (ReconnectingWebSocketOptions)MemberwiseClone();
        copy.Backoff = Backoff?.Snapshot()!;
        return copy;
    }

    internal void Validate(string parameterName)
    {
        if (Backoff is null)
        {
            throw new ArgumentException($"{nameof(Backoff)} must not be null.", parameterName);
        }

        Backoff.Validate(parameterName);
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout), parameterName);
        RequirePositive(HeartbeatInterval, nameof(HeartbeatInterval), parameterName);
        RequirePositive(HeartbeatTimeout, nameof(HeartbeatTimeout), parameterName);
        RequirePositive(SilenceTimeout, nameof(SilenceTimeout), parameterName);
        RequirePositive(CloseTimeout, nameof(CloseTimeout), parameterName);
        if (StopFlushTimeout < TimeSpan.Zero || StopFlushTimeout > MaxTimer)
        {
            throw new ArgumentOutOfRangeException(parameterName, StopFlushTimeout, $"{nameof(StopFlushTimeout)} must be zero or positive and finite.");
        }

        if (ServerBusyDelay < TimeSpan.Zero || ServerBusyDelay > MaxTimer)
        {
            throw new ArgumentOutOfRangeException(parameterName, ServerBusyDelay, $"{nameof(ServerBusyDelay)} must be zero or positive and finite.");
        }

        if (ReceiveBufferSize < 1)
        {
            throw new ArgumentOutOfRangeException(parameterName, ReceiveBufferSize, $"{nameof(ReceiveBufferSize)} must be at least 1.");
        }

        if (MaxMessageSize < 1)
        {
            throw new ArgumentOutOfRangeException(parameterName, MaxMessageSize, $"{nameof(MaxMessageSize)} must be at least 1.");
        }

        if (LivenessProbe is { } probe && probe.Type is not (System.Net.WebSockets.WebSocketMessageType.Text or System.Net.WebSockets.WebSocketMessageType.Binary))
        {
            throw new ArgumentException($"{nameof(LivenessProbe)} must be a text or binary message.", parameterName);
        }

        if (MaxSendAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(parameterName, MaxSendAttempts, $"{nameof(MaxSendAttempts)} must be at least 1.");
        }

        if (InboundQueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(parameterName, InboundQueueCapacity, $"{nameof(InboundQueueCapacity)} must be at least 1.");
        }

        if (!Enum.IsDefined(InboundQueueFullMode))
        {
            throw new ArgumentOutOfRangeException(parameterName, InboundQueueFullMode, $"{nameof(InboundQueueFullMode)} is not a known mode.");
        }

        if (OutboundQueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(parameterName, OutboundQueueCapacity, $"{nameof(OutboundQueueCapacity)} must be at least 1.");
        }

        if (!Enum.IsDefined(OutboundQueueFullMode))
        {
            throw new ArgumentOutOfRangeException(parameterName, OutboundQueueFullMode, $"{nameof(OutboundQueueFullMode)} is not a known mode.");
        }
    }

    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(int.MaxValue);

    private static void RequirePositive(TimeSpan value, string setting, string parameterName)
    {
        if (value <= TimeSpan.Zero || value > MaxTimer)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{setting} must be positive and finite.");
        }
    }
}
