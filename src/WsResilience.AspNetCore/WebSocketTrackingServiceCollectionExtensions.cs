using System;
using System.Diagnostics.Metrics;
using System.Threading;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WsResilience.AspNetCore;

/// <summary>Registers WebSocket connection tracking.</summary>
public static class WebSocketTrackingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WebSocketConnectionTracker"/>, which closes every socket accepted with
    /// <see cref="HttpContextWebSocketExtensions.AcceptTrackedWebSocketAsync"/> with 1001 when the application
    /// stops; the origin check and (on .NET 8) the liveness limit, as the first middleware of the pipeline; and
    /// the <c>WsResilience.AspNetCore</c> meter. <c>app.UseWebSockets()</c> is still needed, as for any WebSocket.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets <see cref="WebSocketTrackingOptions"/>; the defaults suit a server behind a proxy with a 60 s idle timeout.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>Invalid options stop the host at start with an <see cref="OptionsValidationException"/> that names each one.</remarks>
    public static IServiceCollection AddWebSocketTracking(this IServiceCollection services, Action<WebSocketTrackingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WebSocketTrackingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebSocketTrackingOptions>, WebSocketTrackingOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(provider => new WebSocketConnectionTracker(
            provider.GetRequiredService<IOptions<WebSocketTrackingOptions>>().Value,
            provider.GetService<IOptions<HostOptions>>()?.Value.ShutdownTimeout ?? Timeout.InfiniteTimeSpan,
            new TrackingMetrics(provider.GetRequiredService<IMeterFactory>()),
            provider.GetRequiredService<ILogger<WebSocketConnectionTracker>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TrackingLifetimeService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, TrackingStartupFilter>());
        return services;
    }
}
