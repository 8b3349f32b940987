using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Every measurement of one host's <c>WsResilience.AspNetCore</c> meter. The meter is created through the host's
/// <see cref="IMeterFactory"/>, so listening on that scope only keeps tests running side by side apart.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    public const string Active = "wsresilience.server.connections.active";
    public const string Accepted = "wsresilience.server.connections.accepted";
    public const string Closed = "wsresilience.server.connections.closed";
    public const string Duration = "wsresilience.server.connection.duration";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly Tally _closed = new();
    private readonly Tally _accepted = new();

    public MetricsRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "WsResilience.AspNetCore" && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<Measurement> Of(string instrument) => _measurements.Where(m => m.Instrument == instrument).ToList();

    /// <summary>The closed counter's total per <c>kind</c> tag, as "kind=count" sorted, for one exact assertion.</summary>
    public string ClosedByKind() => string.Join(
        ", ",
        Of(Closed).GroupBy(m => m.Tag("kind")).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Sum(m => m.Value)}"));

    public double Sum(string instrument) => Of(instrument).Sum(m => m.Value);

    /// <summary>Completes once <paramref name="count"/> connections were counted as closed in all (one waiter at a time).</summary>
    public Task WaitForClosedAsync(int count) => _closed.WaitForAsync(count);

    /// <summary>
    /// Completes once <paramref name="count"/> connections were counted as accepted in all (one waiter at a time). The
    /// client's connect completes with the 101, before the server has counted the connection (or the tracker holds it).
    /// </summary>
    public Task WaitForAcceptedAsync(int count) => _accepted.WaitForAsync(count);

    public void Dispose() => _listener.Dispose();

    private void Record(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _measurements.Enqueue(new Measurement(instrument, value, tags.ToArray()));
        if (instrument == Closed)
        {
            _closed.Add();
        }
        else if (instrument == Accepted)
        {
            _accepted.Add();
        }
    }

    /// <summary>A running count that a test can wait for.</summary>
    private sealed class Tally
    {
        private readonly Channel<int> _counts = Channel.CreateUnbounded<int>();
        private int _count;

        public void Add() => _counts.Writer.TryWrite(Interlocked.Increment(ref _count));

        public async Task WaitForAsync(int count)
        {
            using var timeout = TestTimeouts.StepSource();
            while (await _counts.Reader.ReadAsync(timeout.Token) < count)
            {
            }
        }
    }

    internal sealed record Measurement(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)
    {
        public string? Tag(string name) => Convert.ToString(Tags.FirstOrDefault(t => t.Key == name).Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
