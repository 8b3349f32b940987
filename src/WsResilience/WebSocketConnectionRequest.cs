using System;

namespace WsResilience;

/// <summary>What <see cref="ReconnectingWebSocketOptions.SocketFactory"/> is told about the connection attempt it prepares.</summary>
public sealed class WebSocketConnectionRequest
{
    internal WebSocketConnectionRequest(Uri uri, int attempt)
    {
        Uri = uri;
        Attempt = attempt;
    }

    /// <summary>The address to connect to. The factory may replace it, for example to put a fresh token in the query.</summary>
    public Uri Uri { get; set; }

    /// <summary>0 for the first connection; counts up with each attempt after a failure or disconnect, and starts over after a stable connection.</summary>
    public int Attempt { get; }
}
