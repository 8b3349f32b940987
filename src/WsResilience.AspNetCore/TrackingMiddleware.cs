using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace WsResilience.AspNetCore;

/// <summary>
/// The first middleware of the pipeline (through <see cref="TrackingStartupFilter"/>), ahead of
/// <c>UseWebSockets()</c>: it refuses WebSocket requests from origins not in
/// <see cref="WebSocketTrackingOptions.AllowedOrigins"/> before anything accepts them, and puts the
/// <see cref="ReadActivityStream"/> under HTTP/1.1 upgrades (the .NET 8 liveness limit, and the evidence of a
/// heartbeat timeout).
/// </summary>
internal sealed class TrackingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly WebSocketTrackingOptions _options;
    private readonly ILogger _logger;

    public TrackingMiddleware(RequestDelegate next, IOptions<WebSocketTrackingOptions> options, ILogger<WebSocketConnectionTracker> logger)
    {
        _next = next;
        _options = options.Value;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!IsWebSocketRequest(context))
        {
            return _next(context);
        }

        var origin = context.Request.Headers.Origin;
        if (!StringValues.IsNullOrEmpty(origin) && !OriginPolicy.Allows(_options.AllowedOrigins, origin.ToString()))
        {
            TrackingLog.OriginRejected(_logger, context.Request.Path, origin.ToString());
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        if (_options.LivenessLimit != System.Threading.Timeout.InfiniteTimeSpan
            && context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new LivenessUpgradeFeature(upgrade, context, _options.TimeProvider));
        }

        return _next(context);
    }

    private static bool IsWebSocketRequest(HttpContext context)
    {
        foreach (var value in context.Request.Headers.Upgrade)
        {
            if (value is not null && value.Contains("websocket", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // WebSockets over HTTP/2 are an extended CONNECT with the :protocol pseudo-header set to websocket.
        return context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect
            && string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);
    }
}
