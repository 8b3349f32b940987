using System;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WsResilience.AspNetCore.Tests.Infrastructure;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests;

public class ShutdownTests
{
    [Fact]
    public async Task A_graceful_host_stop_closes_every_connected_client_with_1001()
    {
        await using var server = await TrackedServer.StartAsync(Sessions.EchoUntilClosedAsync);
        var clients = new ClientWebSocket[3];
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i] = await Sessions.ConnectAsync(server.Uri);
        }

        try
        {
            using var timeout = TestTimeouts.StepSource();
            var closes = clients.Select(client => Sessions.ReceiveServerCloseAsync(client, timeout.Token)).ToArray();
            await server.Metrics.WaitForAcceptedAsync(3);
            Assert.Equal(3, server.Tracker.ActiveCount);
            Assert.False(server.Tracker.Stopping.IsCancellationRequested);

            await server.StopAsync();

            foreach (var close in await Task.WhenAll(closes))
            {
                Assert.NotNull(close);
                Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
                Assert.Equal("Server shutting down", close.CloseStatusDescription);
            }

            foreach (var client in clients)
            {
                Assert.Equal(WebSocketState.Closed, client.State);
                Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
            }

            Assert.True(server.Tracker.Stopping.IsCancellationRequested);
            Assert.Equal(0, server.Tracker.ActiveCount);
            Assert.Equal(0, server.Tracker.RegisteredCount);
            // The clients echoed 1001, so every connection ended with a close handshake: no 1006 anywhere.
            Assert.Equal("going_away=3", server.Metrics.ClosedByKind());
            var shutdownLog = Assert.Single(server.Log.Entries, e => e.EventId.Id == 104);
            Assert.Equal(LogLevel.Information, shutdownLog.Level);
            Assert.Equal("The application is stopping: closing 3 WebSocket connections with 1001, 5 s each before abort", shutdownLog.Message);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_client_that_never_answers_the_1001_is_aborted_after_the_shutdown_close_timeout()
    {
        var closeTimeout = TimeSpan.FromMilliseconds(300);
        await using var server = await TrackedServer.StartAsync(Sessions.EchoUntilClosedAsync, options => options.ShutdownCloseTimeout = closeTimeout);
        // The client never receives, so it never reads the close frame nor answers it.
        using var client = await Sessions.ConnectAsync(server.Uri);
        await server.Metrics.WaitForAcceptedAsync(1);
        Assert.Equal(1, server.Tracker.ActiveCount);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await server.StopAsync();
        stopping.Stop();

        Assert.True(stopping.Elapsed < closeTimeout + TestTimeouts.DeadlineMargin, $"The stop took {stopping.Elapsed}; the close is bounded by {closeTimeout}.");
        Assert.True(stopping.Elapsed >= closeTimeout - TimeSpan.FromMilliseconds(50), $"The stop took {stopping.Elapsed}, less than the {closeTimeout} the client was given.");
        Assert.Equal("abnormal=1", server.Metrics.ClosedByKind());
        Assert.Equal(0, server.Tracker.RegisteredCount);
    }

    [Fact]
    public async Task A_stop_with_no_connections_cancels_Stopping_and_logs_zero()
    {
        await using var server = await TrackedServer.StartAsync(Sessions.EchoUntilClosedAsync);

        await server.StopAsync();

        Assert.True(server.Tracker.Stopping.IsCancellationRequested);
        var entry = Assert.Single(server.Log.Entries);
        Assert.Equal(104, entry.EventId.Id);
        Assert.Equal("The application is stopping: closing 0 WebSocket connections with 1001, 5 s each before abort", entry.Message);
        Assert.Empty(server.Metrics.Of(MetricsRecorder.Closed));
    }
}
