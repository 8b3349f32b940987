using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace WsResilience.AspNetCore;

/// <summary>Mapping tracked WebSocket endpoints.</summary>
public static class TrackedWebSocketEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint: a WebSocket request is accepted with
    /// <see cref="HttpContextWebSocketExtensions.AcceptTrackedWebSocketAsync"/> and handed to <paramref name="session"/>;
    /// any other request gets 400.
    /// </summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="pattern">The route pattern, such as <c>/ws</c>.</param>
    /// <param name="session">
    /// Runs the session. Its token is cancelled when the client's request is aborted or when
    /// <see cref="WebSocketConnectionTracker.Stopping"/> fires (after the shutdown closes), so it can be passed to
    /// every receive and send.
    /// </param>
    /// <returns>The endpoint, to add authorization or other conventions to.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IEndpointConventionBuilder MapTrackedWebSocket(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<HttpContext, WebSocket, CancellationToken, Task> session)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(session);
        return endpoints.Map(pattern, async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var socket = await context.AcceptTrackedWebSocketAsync().ConfigureAwait(false);
            var tracker = context.RequestServices.GetRequiredService<WebSocketConnectionTracker>();
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, tracker.Stopping);
            await session(context, socket, ending.Token).ConfigureAwait(false);
        });
    }
}
