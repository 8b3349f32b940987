using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace WsResilience.AspNetCore;

/// <summary>
/// Hooks <see cref="IHostApplicationLifetime.ApplicationStopping"/> at start, whether or not a request has
/// resolved the tracker yet: the closes must start as soon as the host begins to stop, while the server still
/// waits for the requests to end. Its stop waits for those closes, within the host's shutdown timeout.
/// </summary>
internal sealed class TrackingLifetimeService : IHostedService
{
    private readonly WebSocketConnectionTracker _tracker;
    private readonly IHostApplicationLifetime _lifetime;
    private CancellationTokenRegistration _registration;

    public TrackingLifetimeService(WebSocketConnectionTracker tracker, IHostApplicationLifetime lifetime)
    {
        _tracker = tracker;
        _lifetime = lifetime;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = _lifetime.ApplicationStopping.Register(static state => ((WebSocketConnectionTracker)state!).BeginShutdown(), _tracker);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _registration.DisposeAsync().ConfigureAwait(false);
        // Stopping without ApplicationStopping (a hosted-service-only stop) must still close the sockets.
        _tracker.BeginShutdown();
        await _tracker.ShutdownCompleted.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
