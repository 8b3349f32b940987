namespace WsResilience;

/// <summary>What <see cref="ReconnectingWebSocket.SendAsync(System.ReadOnlyMemory{byte}, System.Net.WebSockets.WebSocketMessageType, System.Threading.CancellationToken)"/> does when the outbound queue is full.</summary>
public enum OutboundQueueFullMode
{
    /// <summary>Wait for room (the caller's token ends the wait). Nothing is dropped. The default.</summary>
    Wait,

    /// <summary>Accept the new message and drop the oldest queued one; the drop is counted and reported.</summary>
    DropOldest,

    /// <summary>Refuse the new message with <see cref="OutboundQueueFullException"/>; the refusal is counted and reported.</summary>
    Fail,
}
