namespace WsResilience;

/// <summary>How <see cref="WebSocketHeartbeat.Configure"/> arranged dead-peer detection on this runtime.</summary>
public enum WebSocketHeartbeatMode
{
    /// <summary>
    /// .NET 9 and later: the runtime sends pings every interval and aborts the socket when no pong arrives
    /// within the timeout (<c>KeepAliveTimeout</c>). Nothing else to do, as long as a receive is always pending.
    /// </summary>
    RuntimeKeepAliveTimeout,

    /// <summary>
    /// .NET 8: the runtime can only send unsolicited pongs, which keep NATs open but detect nothing. Call
    /// <see cref="WebSocketHeartbeat.Watch"/> with <c>interval + timeout</c> after connecting, and feed it from the receive loop.
    /// </summary>
    ApplicationWatchdog,
}
