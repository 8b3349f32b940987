using System;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace WsResilience.AspNetCore;

/// <summary>
/// Puts <see cref="TrackingMiddleware"/> in front of everything the application configures, so that it runs
/// before <c>UseWebSockets()</c> captures the request's upgrade feature, without asking users for another call.
/// </summary>
internal sealed class TrackingStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<TrackingMiddleware>();
        next(app);
    };
}
