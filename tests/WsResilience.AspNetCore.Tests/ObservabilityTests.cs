using System;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WsResilience.AspNetCore.Tests.Infrastructure;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests;

public class ObservabilityTests
{
    [Fact]
    public async Task Metrics_and_logs_count_each_connect_and_each_kind_of_close()
    {
        await using var server = await TrackedServer.StartAsync(Sessions.EchoUntilClosedAsync);
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);

        // Three clients that say goodbye (1000), then two that lose their connection (reset, no close frame).
        for (var i = 0; i < 3; i++)
        {
            using var client = await Sessions.ConnectAsync(server.Uri);
            using var timeout = TestTimeouts.StepSource();
            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "Done", timeout.Token);
        }

        var lost = new[] { await Sessions.ConnectAsync(proxy.Uri), await Sessions.ConnectAsync(proxy.Uri) };
        await server.Metrics.WaitForAcceptedAsync(5);
        Assert.Equal(2, server.Tracker.ActiveCount);
        proxy.ResetAll();
        await server.Metrics.WaitForClosedAsync(5);
        foreach (var client in lost)
        {
            client.Dispose();
        }

        Assert.Equal(5, server.Metrics.Sum(MetricsRecorder.Accepted));
        Assert.Equal(0, server.Metrics.Sum(MetricsRecorder.Active));
        Assert.Equal(10, server.Metrics.Of(MetricsRecorder.Active).Count);
        Assert.Equal("abnormal=2, normal=3", server.Metrics.ClosedByKind());
        Assert.Equal(["1000", "1000", "1000", "1006", "1006"], server.Metrics.Of(MetricsRecorder.Closed).Select(m => m.Tag("code")).Order(StringComparer.Ordinal));
        var durations = server.Metrics.Of(MetricsRecorder.Duration);
        Assert.Equal(5, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 0, TestTimeouts.Step.TotalSeconds));

        Assert.Equal(5, server.Log.Entries.Count(e => e.EventId.Id == 101 && e.Level == LogLevel.Information));
        Assert.Equal(3, server.Log.Entries.Count(e => e.EventId.Id == 102 && e.Level == LogLevel.Information));
        Assert.Equal(2, server.Log.Entries.Count(e => e.EventId.Id == 103 && e.Level == LogLevel.Warning));
        Assert.Equal(10, server.Log.Entries.Count);
        Assert.All(server.Log.Entries.Where(e => e.EventId.Id == 101), e => Assert.Matches(@"^WebSocket \S+ opened from 127\.0\.0\.1:\d+ on /$", e.Message));
        Assert.All(server.Log.Entries.Where(e => e.EventId.Id == 102), e => Assert.Matches(@"^WebSocket \S+ from 127\.0\.0\.1:\d+ closed: 1000 normal after \d+(\.\d+)? s$", e.Message));
        Assert.Equal(0, server.Tracker.ActiveCount);
    }

    [Fact]
    public async Task A_session_that_returns_without_closing_is_counted_as_abnormal()
    {
        await using var server = await TrackedServer.StartAsync(_ => Task.CompletedTask);
        using var client = await Sessions.ConnectAsync(server.Uri);

        await server.Metrics.WaitForClosedAsync(1);

        Assert.Equal("abnormal=1", server.Metrics.ClosedByKind());
        Assert.Equal(0, server.Tracker.RegisteredCount);
    }
}
