namespace WsResilience;

/// <summary>Why <see cref="ReconnectingWebSocket"/> dropped an outbound message.</summary>
public enum MessageDropReason
{
    /// <summary>The queue was full in <see cref="OutboundQueueFullMode.DropOldest"/> mode and a newer message took its place.</summary>
    QueueFullDroppedOldest,

    /// <summary>The queue was full in <see cref="OutboundQueueFullMode.Fail"/> mode; the sender got an <see cref="OutboundQueueFullException"/>.</summary>
    QueueFullRejected,

    /// <summary>The client stopped (by <see cref="ReconnectingWebSocket.StopAsync(System.Threading.CancellationToken)"/>, or because it gave up reconnecting) with the message still queued.</summary>
    Stopped,

    /// <summary>
    /// The connection ended during each of <see cref="ReconnectingWebSocketOptions.MaxSendAttempts"/> sends of the message,
    /// as when a server closes every connection that carries it (1009 for a message over its limit, say).
    /// </summary>
    Rejected,

    /// <summary>
    /// A message sent from a <see cref="ReconnectingWebSocket.Connected"/> handler was not sent before its connection
    /// ended. It is not carried over: the next connection's handler sends what that connection needs.
    /// </summary>
    ConnectionEnded,
}
