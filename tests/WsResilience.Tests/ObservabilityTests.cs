using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

public sealed class ObservabilityTests
{
    [Fact]
    public async Task Metrics_count_connections_disconnects_reconnects_and_drops()
    {
        var name = "metrics-" + Guid.NewGuid().ToString("N");
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "WsResilience")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        var options = new ReconnectingWebSocketOptions
        {
            Name = name,
            Backoff = new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
            OutboundQueueCapacity = 1,
            OutboundQueueFullMode = OutboundQueueFullMode.DropOldest,
        };
        await using var client = new ReconnectingWebSocket(proxy.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();
        await events.NextConnectedAsync();
        proxy.RefuseNewConnections(true);
        proxy.ResetAll();
        await events.NextDisconnectedAsync();
        await client.SendAsync("a");
        await client.SendAsync("b");
        proxy.RefuseNewConnections(false);
        await events.NextConnectedAsync();
        await client.StopAsync();

        var mine = measurements.Where(m => Equals(m.Tags.GetValueOrDefault("wsresilience.client"), name)).ToList();
        Assert.Equal(0, mine.Where(m => m.Instrument == "wsresilience.connections.active").Sum(m => m.Value));
        Assert.Equal(2, mine.Count(m => m.Instrument == "wsresilience.connections.active" && m.Value > 0));
        var abnormal = Assert.Single(mine, m => m.Instrument == "wsresilience.disconnects" && Equals(m.Tags["wsresilience.closure.kind"], "Abnormal"));
        Assert.Equal(1006, abnormal.Tags["wsresilience.close.code"]);
        var stop = Assert.Single(mine, m => m.Instrument == "wsresilience.disconnects" && Equals(m.Tags["wsresilience.closure.kind"], "Normal"));
        Assert.Equal(1000, stop.Tags["wsresilience.close.code"]);
        Assert.Equal(2, mine.Count(m => m.Instrument == "wsresilience.disconnects"));
        Assert.Contains(mine, m => m.Instrument == "wsresilience.reconnect.attempts");
        Assert.Contains(mine, m => m.Instrument == "wsresilience.reconnect.delay");
        Assert.Contains(mine, m => m.Instrument == "wsresilience.reconnect.duration" && m.Value > 0);
        Assert.Equal(2, mine.Count(m => m.Instrument == "wsresilience.messages.queued"));
        var dropped = Assert.Single(mine, m => m.Instrument == "wsresilience.messages.dropped");
        Assert.Equal("QueueFullDroppedOldest", dropped.Tags["wsresilience.drop.reason"]);

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            measurements.Enqueue((instrument.Name, value, copy));
        }
    }

    [Fact]
    public async Task Logs_use_stable_event_ids()
    {
        var logger = new CapturingLogger();
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        var options = new ReconnectingWebSocketOptions
        {
            Name = "logged",
            Logger = logger,
            Backoff = new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
        };
        await using var client = new ReconnectingWebSocket(proxy.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();
        await events.NextConnectedAsync();
        proxy.ResetAll();
        await events.NextConnectedAsync();
        await client.StopAsync();

        var ids = logger.Entries.Select(e => (e.EventId.Id, e.EventId.Name, e.Level)).Distinct().ToList();
        Assert.Contains((1, "Connected", LogLevel.Information), ids);
        Assert.Contains((3, "DisconnectedAbnormally", LogLevel.Warning), ids);
        Assert.Contains((4, "Reconnecting", LogLevel.Information), ids);
        Assert.Contains((2, "Disconnected", LogLevel.Information), ids);
        Assert.Contains((8, "Stopped", LogLevel.Information), ids);
        Assert.Contains(logger.Entries, e => e.EventId.Id == 3 && e.Message.Contains("1006", StringComparison.Ordinal));
    }
}
