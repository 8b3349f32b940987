using System;

namespace WsResilience.AspNetCore;

/// <summary>
/// One accepted socket in <see cref="WebSocketConnectionTracker"/>'s registry: what its close log and metrics
/// need, and its end, which the request's disposal triggers (<c>Response.RegisterForDispose</c>).
/// </summary>
internal sealed class TrackedConnection : IDisposable
{
    private readonly Action<TrackedConnection> _onEnd;

    public TrackedConnection(string id, string remoteEndPoint, TrackedWebSocket socket, ReadActivityStream? stream, long startTimestamp, Action<TrackedConnection> onEnd)
    {
        Stream = stream;
        Id = id;
        RemoteEndPoint = remoteEndPoint;
        Socket = socket;
        StartTimestamp = startTimestamp;
        _onEnd = onEnd;
    }

    public string Id { get; }

    public string RemoteEndPoint { get; }

    public TrackedWebSocket Socket { get; }

    public long StartTimestamp { get; }

    /// <summary>The upgraded connection's stream as the first middleware saw it; absent for HTTP/2 WebSockets.</summary>
    public ReadActivityStream? Stream { get; }

    /// <summary>The .NET 8 liveness limit's timer, if one watches this socket.</summary>
    public IDisposable? Watchdog { get; set; }

    public void Dispose() => _onEnd(this);
}
