using System;
using System.Linq;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

/// <summary>
/// Decorrelated jitter grows like a smoothed exponential and, once that growth passes the cap, keeps delays
/// spread below it: the old formula (uniform up to three times the previous delay, then clamped) put more than a
/// third of the delays exactly at the cap, so clients that failed together retried together again.
/// </summary>
public sealed class DecorrelatedJitterTests
{
    private static ReconnectBackoffOptions Options() => new()
    {
        InitialDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(30),
        Jitter = JitterMode.Decorrelated,
    };

    [Fact]
    public void With_every_draw_at_one_half_the_delays_follow_the_smoothed_exponential_then_the_upper_half_of_the_cap()
    {
        // Worked by hand: f(t) = 2^t · tanh(√(4t)); delay n = (f(n + 0.5) − f(n − 0.5)) / 1.4 seconds, f(−0.5) read as 0.
        // From attempt 6 on the formula would pass 30 s, so the delay is 15 s + 0.5 × 15 s.
        var backoff = new ReconnectBackoff(Options(), new FixedRandom(0.5));

        var seconds = Enumerable.Range(0, 9).Select(_ => backoff.NextDelay().TotalSeconds).ToArray();

        double[] expected = [0.897405, 1.093004, 2.035748, 4.045979, 8.083632, 16.163663, 22.5, 22.5, 22.5];
        Assert.Equal(expected.Length, seconds.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], seconds[i], 6);
        }
    }

    [Fact]
    public void The_extremes_of_the_draw_bound_the_delay_at_the_cap()
    {
        // A draw of 0 gives exactly half the cap; draws approach but never reach 1, so the cap itself is never returned.
        var low = new ReconnectBackoff(Options(), new FixedRandom(0.0));
        var high = new ReconnectBackoff(Options(), new FixedRandom(0.999_999));

        var lowAtCap = Fiftieth(low);
        var highAtCap = Fiftieth(high);

        Assert.Equal(TimeSpan.FromSeconds(15), lowAtCap);
        Assert.Equal(29.999_985, highAtCap.TotalSeconds, 6);
    }

    private static TimeSpan Fiftieth(ReconnectBackoff backoff)
    {
        for (var i = 1; i < 50; i++)
        {
            backoff.NextDelay();
        }

        return backoff.NextDelay();
    }

    [Fact]
    public void After_fifty_failures_no_delay_sits_at_the_cap_and_the_upper_half_is_evenly_filled()
    {
        const int Clients = 1_000;
        const int Failures = 50;
        var random = new Random(2024);
        var cap = TimeSpan.FromSeconds(30);
        var all = new TimeSpan[Clients * Failures];
        for (var client = 0; client < Clients; client++)
        {
            var backoff = new ReconnectBackoff(Options(), random);
            for (var failure = 0; failure < Failures; failure++)
            {
                all[(client * Failures) + failure] = backoff.NextDelay();
            }
        }

        Assert.Equal(0, all.Count(d => d == cap));
        Assert.All(all, d => Assert.InRange(d, TimeSpan.Zero, cap));

        // The last 30 attempts of every client are past the growth phase: spread over [15 s, 30 s) in even fifths.
        var settled = Enumerable.Range(0, Clients).SelectMany(c => all.Skip((c * Failures) + 20).Take(Failures - 20)).ToArray();
        Assert.All(settled, d => Assert.InRange(d.TotalSeconds, 15.0, 30.0));
        var fifths = new int[5];
        foreach (var delay in settled)
        {
            fifths[(int)((delay.TotalSeconds - 15.0) / 3.0)]++;
        }

        // 30,000 uniform draws put 6,000 in each fifth (σ ≈ 69); a pile at one end would leave a fifth far off that.
        Assert.All(fifths, count => Assert.InRange(count, 5_700, 6_300));
    }

    [Fact]
    public void The_median_of_each_attempt_doubles_after_the_first_two()
    {
        const int Clients = 20_001;
        var random = new Random(7);
        var byAttempt = new double[5][];
        for (var attempt = 0; attempt < byAttempt.Length; attempt++)
        {
            byAttempt[attempt] = new double[Clients];
        }

        for (var client = 0; client < Clients; client++)
        {
            var backoff = new ReconnectBackoff(Options(), random);
            for (var attempt = 0; attempt < byAttempt.Length; attempt++)
            {
                byAttempt[attempt][client] = backoff.NextDelay().TotalSeconds;
            }
        }

        var medians = byAttempt.Select(delays => delays.Order().ElementAt(Clients / 2)).ToArray();

        // The smooth growth the V2 analysis describes: medians near 0.9, 1.14, 2, 4, 8 s (each within 5 %).
        double[] expected = [0.896, 1.136, 2.012, 4.024, 8.028];
        for (var attempt = 0; attempt < expected.Length; attempt++)
        {
            Assert.InRange(medians[attempt], expected[attempt] * 0.95, expected[attempt] * 1.05);
        }
    }
}
