namespace WsResilience;

/// <summary>What <see cref="ReconnectingWebSocket"/> does with a received message when <see cref="ReconnectingWebSocket.Messages"/> is full.</summary>
public enum InboundQueueFullMode
{
    /// <summary>
    /// Stop reading the socket until the application reads a message: backpressure reaches the peer through TCP,
    /// and nothing is lost. The default. While it waits no receive is pending, so pongs and liveness answers are
    /// not read either: a reader stalled past the dead-peer deadline gets the connection taken as dead.
    /// </summary>
    Wait,

    /// <summary>Keep reading and drop the oldest unread message for each new one; every drop is counted.</summary>
    DropOldest,
}
