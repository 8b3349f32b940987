using System;
using System.Net.WebSockets;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace WsResilience.AspNetCore;

/// <summary>Accepting tracked WebSockets.</summary>
public static class HttpContextWebSocketExtensions
{
    /// <summary>
    /// Accepts the request's WebSocket, like <c>context.WebSockets.AcceptWebSocketAsync()</c>, and registers it
    /// with <see cref="WebSocketConnectionTracker"/> until the request ends: it is closed with 1001 when the
    /// application stops, pinged every <see cref="WebSocketTrackingOptions.KeepAliveInterval"/>, aborted when the
    /// client stops answering (<see cref="WebSocketTrackingOptions.KeepAliveTimeout"/>), and counted in the
    /// metrics and logs when it opens and ends.
    /// </summary>
    /// <param name="context">The request, which must be a WebSocket request.</param>
    /// <param name="subProtocol">The sub-protocol to accept; by default <see cref="WebSocketTrackingOptions.SubProtocol"/> when the client offers it.</param>
    /// <returns>The accepted socket. Use it for the whole session, as returned: its close, its receive and its
    /// send are what the tracker observes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddWebSocketTracking()</c> was not called, or the request is not a WebSocket request.</exception>
    public static Task<WebSocket> AcceptTrackedWebSocketAsync(this HttpContext context, string? subProtocol = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tracker = context.RequestServices.GetService<WebSocketConnectionTracker>()
            ?? throw new InvalidOperationException(
                "AcceptTrackedWebSocketAsync needs WebSocket tracking: call builder.Services.AddWebSocketTracking() when configuring the services.");
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw new InvalidOperationException(
                $"AcceptTrackedWebSocketAsync was called for a request that is not a WebSocket request ({context.Request.Method} {context.Request.Path}): check context.WebSockets.IsWebSocketRequest first, and call app.UseWebSockets() before the endpoint.");
        }

        return tracker.AcceptAsync(context, subProtocol);
    }
}
