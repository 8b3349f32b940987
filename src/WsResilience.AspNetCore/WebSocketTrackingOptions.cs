using System;
using System.Collections.Generic;
using System.Threading;

namespace WsResilience.AspNetCore;

/// <summary>
/// How <see cref="HttpContextWebSocketExtensions.AcceptTrackedWebSocketAsync"/> accepts WebSockets and how
/// <see cref="WebSocketConnectionTracker"/> ends them. Set through
/// <see cref="WebSocketTrackingServiceCollectionExtensions.AddWebSocketTracking"/>.
/// </summary>
public sealed class WebSocketTrackingOptions
{
    /// <summary>
    /// How often the server pings each client. Default 25 s: below the 60 s idle timeout of nginx
    /// (<c>proxy_read_timeout</c>) and AWS ALB, so that an idle connection through them stays open.
    /// ASP.NET Core's own default is 2 minutes, which those proxies cut at 60 s.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long a client may stay silent before it is treated as gone and its connection aborted. Default 30 s;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns dead-peer detection off.
    /// </summary>
    /// <remarks>
    /// <para>On .NET 9 and later this is <c>WebSocketAcceptContext.KeepAliveTimeout</c>: the runtime aborts the
    /// socket when the pong to a ping does not arrive within this time.</para>
    /// <para>On .NET 8, which has no such setting, a receive-side liveness limit stands in for it: when a
    /// receive is pending on the socket and no byte of any frame (data, ping, pong or close) arrives for
    /// <see cref="KeepAliveInterval"/> + <see cref="KeepAliveTimeout"/>, the connection is aborted. Because the
    /// server pings every <see cref="KeepAliveInterval"/>, a live client's pongs keep it open even when it sends
    /// no messages. Time with no receive pending does not count. The limit applies to HTTP/1.1 upgrades, which
    /// it observes from the first middleware of the pipeline; WebSockets over HTTP/2 on .NET 8 get the pings
    /// only.</para>
    /// </remarks>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The origins (<c>scheme://host[:port]</c>) browsers may open WebSockets from. Empty, the default, allows any.
    /// An upgrade request whose <c>Origin</c> header names another origin is refused with 403 before any socket
    /// is accepted; a request without an <c>Origin</c> header (not a browser) is allowed, as ASP.NET Core's own
    /// <c>WebSocketOptions.AllowedOrigins</c> does. Compared without regard to case or a trailing slash.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// The largest message, in bytes, a tracked socket's <c>ReceiveAsync</c> lets through; a longer one closes
    /// the connection with 1009 (message too big) and the receive throws a <see cref="System.Net.WebSockets.WebSocketException"/>.
    /// <see langword="null"/>, the default, sets no limit.
    /// </summary>
    public int? MaxMessageBytes { get; set; }

    /// <summary>
    /// How long each client gets to answer the 1001 close sent when the application stops, before its
    /// connection is aborted. Default 5 s. It is kept below three quarters of the host's shutdown timeout
    /// (<c>HostOptions.ShutdownTimeout</c>), so that sockets end with a close frame before the host gives up
    /// on the requests.
    /// </summary>
    public TimeSpan ShutdownCloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The sub-protocol to accept when the client offers it (<c>Sec-WebSocket-Protocol</c>); a client that
    /// does not offer it is accepted without one. <see langword="null"/>, the default, accepts none.
    /// </summary>
    public string? SubProtocol { get; set; }

    /// <summary>The clock for connection durations, the shutdown close bound and the .NET 8 liveness limit.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal TimeSpan LivenessLimit =>
        KeepAliveTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : KeepAliveInterval + KeepAliveTimeout;

    internal IEnumerable<string> Validate()
    {
        if (KeepAliveInterval <= TimeSpan.Zero || KeepAliveInterval == Timeout.InfiniteTimeSpan)
        {
            yield return $"{nameof(KeepAliveInterval)} must be positive and finite; it is {KeepAliveInterval}.";
        }

        if (KeepAliveTimeout <= TimeSpan.Zero && KeepAliveTimeout != Timeout.InfiniteTimeSpan)
        {
            yield return $"{nameof(KeepAliveTimeout)} must be positive, or Timeout.InfiniteTimeSpan to turn dead-peer detection off; it is {KeepAliveTimeout}.";
        }

        if (ShutdownCloseTimeout <= TimeSpan.Zero || ShutdownCloseTimeout == Timeout.InfiniteTimeSpan)
        {
            yield return $"{nameof(ShutdownCloseTimeout)} must be positive and finite; it is {ShutdownCloseTimeout}.";
        }

        if (MaxMessageBytes is <= 0)
        {
            yield return $"{nameof(MaxMessageBytes)} must be positive or null; it is {MaxMessageBytes}.";
        }

        if (TimeProvider is null)
        {
            yield return $"{nameof(TimeProvider)} must not be null.";
        }

        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                yield return $"{nameof(AllowedOrigins)} holds '{origin}', which is not an origin (scheme://host[:port]).";
            }
        }
    }
}
