using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WsResilience.AspNetCore;

/// <summary>
/// The <c>WsResilience.AspNetCore</c> meter, one per service provider (created through <see cref="IMeterFactory"/>,
/// so that two hosts in one process, or two tests, do not count each other's connections). Instrument names,
/// tag names and tag values are part of the public contract (see the README).
/// </summary>
internal sealed class TrackingMetrics
{
    public const string MeterName = "WsResilience.AspNetCore";
    public const string KindTag = "kind";
    public const string CodeTag = "code";

    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _closed;
    private readonly Histogram<double> _duration;

    public TrackingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(new MeterOptions(MeterName)
        {
            Version = typeof(TrackingMetrics).Assembly.GetName().Version?.ToString(),
        });
        _active = meter.CreateUpDownCounter<long>(
            "wsresilience.server.connections.active", "{connection}", "WebSocket connections currently open.");
        _accepted = meter.CreateCounter<long>(
            "wsresilience.server.connections.accepted", "{connection}", "WebSocket connections accepted.");
        _closed = meter.CreateCounter<long>(
            "wsresilience.server.connections.closed", "{connection}", "WebSocket connections that ended, by kind (normal, going_away, abnormal, heartbeat_timeout, other) and close code.");
        _duration = meter.CreateHistogram<double>(
            "wsresilience.server.connection.duration", "s", "How long each WebSocket connection lasted, by kind.");
    }

    public void Accepted()
    {
        _accepted.Add(1);
        _active.Add(1);
    }

    public void Closed(string kind, int code, TimeSpan duration)
    {
        _active.Add(-1);
        var tags = new TagList { { KindTag, kind }, { CodeTag, code } };
        _closed.Add(1, tags);
        _duration.Record(duration.TotalSeconds, new TagList { { KindTag, kind } });
    }
}
