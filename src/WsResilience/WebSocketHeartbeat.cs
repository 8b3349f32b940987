using System;
using System.Net.WebSockets;
using System.Threading;

namespace WsResilience;

/// <summary>
/// Dead-peer detection for <see cref="ClientWebSocket"/> on every target framework.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ClientWebSocketOptions.KeepAliveInterval"/> alone (30 s by default) sends unsolicited pongs: they
/// keep NAT mappings alive but never notice a dead peer, so a black-holed connection looks open forever.
/// </para>
/// <para>
/// On .NET 9 and later <see cref="Configure"/> also sets <c>KeepAliveTimeout</c>, which sends pings and aborts
/// the socket when no pong arrives in time. The trap: pongs are only read while a <c>ReceiveAsync</c> is
/// pending. An application that stops receiving (for example while it processes a slow message) lets the
/// deadline pass and the runtime aborts a healthy connection. Keep one receive always pending and hand
/// messages off to other code.
/// </para>
/// <para>
/// On .NET 8 there is no timeout and no way to send a ping, so <see cref="Watch"/> aborts the socket when
/// nothing at all was received for a while. That only works when the peer sends something regularly:
/// server pings (ASP.NET Core sends them every <c>KeepAliveInterval</c>, 2 minutes by default) or
/// application messages. Choose a watchdog timeout comfortably above the peer's ping interval.
/// </para>
/// </remarks>
public static class WebSocketHeartbeat
{
    /// <summary>
    /// Turns on keep-alive and, where the runtime supports it, a pong deadline.
    /// </summary>
    /// <param name="options">The options of a <see cref="ClientWebSocket"/> that has not connected yet.</param>
    /// <param name="interval">How often to send keep-alive frames. Must be positive.</param>
    /// <param name="timeout">How long to wait for the peer's pong (on .NET 9+) before aborting. Must be positive.</param>
    /// <returns>
    /// <see cref="WebSocketHeartbeatMode.RuntimeKeepAliveTimeout"/> on .NET 9+, or
    /// <see cref="WebSocketHeartbeatMode.ApplicationWatchdog"/> when the caller must also call <see cref="Watch"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> or <paramref name="timeout"/> is not positive and finite.</exception>
    public static WebSocketHeartbeatMode Configure(ClientWebSocketOptions options, TimeSpan interval, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequirePositive(interval, nameof(interval));
        RequirePositive(timeout, nameof(timeout));

        options.KeepAliveInterval = interval;
#if NET9_0_OR_GREATER
        options.KeepAliveTimeout = timeout;
        return WebSocketHeartbeatMode.RuntimeKeepAliveTimeout;
#else
        return WebSocketHeartbeatMode.ApplicationWatchdog;
#endif
    }

    /// <summary>
    /// Starts a watchdog that aborts <paramref name="socket"/> when nothing was received for <paramref name="timeout"/>.
    /// </summary>
    /// <param name="socket">The connected socket to guard.</param>
    /// <param name="timeout">How long the connection may stay silent. Must be positive.</param>
    /// <param name="time">The clock; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <returns>
    /// The watchdog. Call <see cref="WebSocketWatchdog.NotifyReceived"/> after every completed receive, and
    /// dispose it when the connection ends.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive and finite.</exception>
    public static WebSocketWatchdog Watch(WebSocket socket, TimeSpan timeout, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        RequirePositive(timeout, nameof(timeout));
        return new WebSocketWatchdog(socket, timeout, time ?? TimeProvider.System);
    }

    private static void RequirePositive(TimeSpan value, string parameterName)
    {
        if (value <= TimeSpan.Zero || value == Timeout.InfiniteTimeSpan || value > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "Heartbeat intervals and timeouts must be positive and finite.");
        }
    }
}
