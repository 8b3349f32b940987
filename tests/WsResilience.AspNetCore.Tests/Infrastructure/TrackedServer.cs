using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A Kestrel server on 127.0.0.1 (port chosen by the OS) that uses WebSocket tracking as an application does:
/// <c>AddWebSocketTracking</c>, <c>UseWebSockets</c>, and the test's request handler for every path.
/// </summary>
internal sealed class TrackedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private TrackedServer(WebApplication app, Uri uri, CapturingLogger log, MetricsRecorder metrics)
    {
        _app = app;
        Uri = uri;
        Log = log;
        Metrics = metrics;
    }

    public Uri Uri { get; }

    public Uri HttpUri => new($"http://127.0.0.1:{Uri.Port}/");

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Uri.Port);

    /// <summary>The tracker's log entries (its own category only).</summary>
    public CapturingLogger Log { get; }

    public MetricsRecorder Metrics { get; }

    public WebSocketConnectionTracker Tracker => _app.Services.GetRequiredService<WebSocketConnectionTracker>();

    /// <summary>Runs <paramref name="handler"/> for every request.</summary>
    public static Task<TrackedServer> StartWithHandlerAsync(
        RequestDelegate handler,
        Action<WebSocketTrackingOptions>? configure = null,
        bool addTracking = true) =>
        StartWithRoutesAsync(app => app.Run(handler), configure, addTracking);

    /// <summary>Lets <paramref name="map"/> set up the application's endpoints after <c>UseWebSockets()</c>.</summary>
    public static async Task<TrackedServer> StartWithRoutesAsync(
        Action<WebApplication> map,
        Action<WebSocketTrackingOptions>? configure = null,
        bool addTracking = true)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        var log = new CapturingLogger();
        builder.Logging.AddProvider(new CapturingLoggerProvider(log));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        if (addTracking)
        {
            builder.Services.AddWebSocketTracking(configure);
        }

        var app = builder.Build();
        app.UseWebSockets();
        map(app);
        var metrics = new MetricsRecorder(app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        try
        {
            await app.StartAsync();
        }
        catch
        {
            metrics.Dispose();
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TrackedServer(app, new Uri($"ws://127.0.0.1:{new Uri(address).Port}/"), log, metrics);
    }

    /// <summary>Accepts a tracked socket and runs <paramref name="session"/> on it.</summary>
    public static Task<TrackedServer> StartAsync(Func<System.Net.WebSockets.WebSocket, Task> session, Action<WebSocketTrackingOptions>? configure = null) =>
        StartWithHandlerAsync(async context => await session(await context.AcceptTrackedWebSocketAsync()), configure);

    /// <summary>Stops the host the way a deploy does (StopAsync, ApplicationStopping first).</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            using var timeout = TestTimeouts.StepSource();
            await _app.StopAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        Metrics.Dispose();
    }
}
