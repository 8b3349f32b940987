using System;

namespace WsResilience;

/// <summary>Data for <see cref="ReconnectingWebSocket.Disconnected"/>.</summary>
public sealed class DisconnectedEventArgs : EventArgs
{
    internal DisconnectedEventArgs(WebSocketClosure closure, bool willReconnect)
    {
        Closure = closure;
        WillReconnect = willReconnect;
    }

    /// <summary>How the connection ended.</summary>
    public WebSocketClosure Closure { get; }

    /// <summary>Whether the client will try again; <see langword="false"/> when it is stopping or the closure is not retryable.</summary>
    public bool WillReconnect { get; }

    /// <summary>Describes the disconnect for logs, as "closure; reconnecting" or "closure; not reconnecting".</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"{Closure}; {(WillReconnect ? "reconnecting" : "not reconnecting")}";
}
