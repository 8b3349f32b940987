using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace WsResilience.Benchmarks;

/// <summary>
/// Virtual-time model of a reconnection storm: every client loses its connection at the same instant when
/// the server restarts, and each attempt made before the server is back fails. The figure of merit is the
/// peak number of attempts the server sees in one window, against the average over the storm.
/// </summary>
internal static class ReconnectStormSimulation
{
    public static string Report(int clients, TimeSpan outage, TimeSpan window)
    {
        var strategies = new (string Name, ReconnectBackoffOptions Options)[]
        {
            ("Full jitter (default)", new ReconnectBackoffOptions { Jitter = JitterMode.Full }),
            ("Equal jitter", new ReconnectBackoffOptions { Jitter = JitterMode.Equal }),
            ("Decorrelated jitter", new ReconnectBackoffOptions { Jitter = JitterMode.Decorrelated }),
            ("Exponential, no jitter", new ReconnectBackoffOptions { Jitter = JitterMode.None }),
            ("Fixed 1 s delay", new ReconnectBackoffOptions { Jitter = JitterMode.None, Multiplier = 1, MaxDelay = TimeSpan.FromSeconds(1) }),
        };

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Reconnection storm: {clients} clients, server down {outage.TotalSeconds:0} s, {window.TotalMilliseconds:0} ms windows");
        text.AppendLine("| Strategy | Attempts | Peak per window | Average per window | Peak / average | All reconnected after |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, options) in strategies)
        {
            var result = Simulate(clients, outage, window, options, seed: 2024);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {result.Attempts} | {result.Peak} | {result.Average:0.0} | {result.Peak / result.Average:0.0} | {result.LastSuccess.TotalSeconds:0.0} s |");
        }

        return text.ToString();
    }

    private static StormResult Simulate(int clients, TimeSpan outage, TimeSpan window, ReconnectBackoffOptions options, int seed)
    {
        var random = new Random(seed);
        var attemptTimes = new System.Collections.Generic.List<TimeSpan>();
        var lastSuccess = TimeSpan.Zero;
        for (var client = 0; client < clients; client++)
        {
            var backoff = new ReconnectBackoff(options, random);
            var now = TimeSpan.Zero;
            while (true)
            {
                now += backoff.NextDelay();
                attemptTimes.Add(now);
                if (now >= outage)
                {
                    lastSuccess = now > lastSuccess ? now : lastSuccess;
                    break;
                }
            }
        }

        var peak = attemptTimes
            .GroupBy(t => t.Ticks / window.Ticks)
            .Max(g => g.Count());

        // The average spreads all attempts over every window of the storm, quiet ones included.
        var windows = (lastSuccess.Ticks / window.Ticks) + 1;
        return new StormResult(attemptTimes.Count, peak, (double)attemptTimes.Count / windows, lastSuccess);
    }

    private readonly record struct StormResult(int Attempts, int Peak, double Average, TimeSpan LastSuccess);
}
