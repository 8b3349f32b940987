using System;
using System.Linq;
using Microsoft.Extensions.Time.Testing;

namespace WsResilience.Tests;

public sealed class ReconnectBackoffTests
{
    private static ReconnectBackoffOptions Options(JitterMode jitter, int? maxAttempts = null) => new()
    {
        InitialDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(30),
        Multiplier = 2,
        Jitter = jitter,
        MaxAttempts = maxAttempts,
    };

    [Fact]
    public void Without_jitter_the_delay_doubles_up_to_the_cap()
    {
        var backoff = new ReconnectBackoff(Options(JitterMode.None));

        var seconds = Enumerable.Range(0, 8).Select(_ => backoff.NextDelay().TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], seconds);
        Assert.Equal(8, backoff.Attempt);
    }

    [Fact]
    public void Defaults_are_one_second_doubling_to_thirty_with_full_jitter()
    {
        var options = new ReconnectBackoffOptions();

        Assert.Equal(TimeSpan.FromSeconds(1), options.InitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxDelay);
        Assert.Equal(2, options.Multiplier);
        Assert.Equal(JitterMode.Full, options.Jitter);
        Assert.Null(options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(10), options.StabilityWindow);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(12345)]
    public void Full_jitter_stays_between_zero_and_the_exponential_ceiling(int seed)
    {
        var backoff = new ReconnectBackoff(Options(JitterMode.Full), new Random(seed));

        for (var attempt = 0; attempt < 50; attempt++)
        {
            var ceiling = Math.Min(30.0, Math.Pow(2, attempt));
            var delay = backoff.NextDelay().TotalSeconds;
            Assert.InRange(delay, 0, ceiling);
        }
    }

    [Fact]
    public void Full_jitter_spreads_delays_across_the_whole_range()
    {
        // At the cap the ceiling is fixed, so the delays should fill [0, 30 s) roughly evenly.
        var backoff = new ReconnectBackoff(Options(JitterMode.Full), new Random(42));
        for (var attempt = 0; attempt < 6; attempt++)
        {
            backoff.NextDelay();
        }

        const int Samples = 10_000;
        const int Buckets = 10;
        var counts = new int[Buckets];
        for (var i = 0; i < Samples; i++)
        {
            var delay = backoff.NextDelay().TotalSeconds;
            counts[Math.Min(Buckets - 1, (int)(delay / 30.0 * Buckets))]++;
        }

        // A uniform spread puts 1,000 in each tenth; clustering would leave tenths nearly empty.
        Assert.All(counts, count => Assert.InRange(count, 850, 1150));
    }

    [Fact]
    public void Equal_jitter_stays_in_the_upper_half_of_the_ceiling()
    {
        var backoff = new ReconnectBackoff(Options(JitterMode.Equal), new Random(3));

        for (var attempt = 0; attempt < 50; attempt++)
        {
            var ceiling = Math.Min(30.0, Math.Pow(2, attempt));
            Assert.InRange(backoff.NextDelay().TotalSeconds, ceiling / 2, ceiling);
        }
    }

    [Theory]
    [InlineData(JitterMode.Full)]
    [InlineData(JitterMode.Equal)]
    [InlineData(JitterMode.Decorrelated)]
    public void The_same_seed_gives_the_same_sequence(JitterMode jitter)
    {
        var first = new ReconnectBackoff(Options(jitter), new Random(99));
        var second = new ReconnectBackoff(Options(jitter), new Random(99));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(first.NextDelay(), second.NextDelay());
        }
    }

    [Fact]
    public void Max_attempts_ends_the_sequence()
    {
        var backoff = new ReconnectBackoff(Options(JitterMode.None, maxAttempts: 3));

        Assert.True(backoff.TryGetNextDelay(out _));
        Assert.True(backoff.TryGetNextDelay(out _));
        Assert.True(backoff.TryGetNextDelay(out var third));
        Assert.Equal(TimeSpan.FromSeconds(4), third);
        Assert.True(backoff.IsExhausted);
        Assert.False(backoff.TryGetNextDelay(out var none));
        Assert.Equal(TimeSpan.Zero, none);
        Assert.Throws<InvalidOperationException>(() => backoff.NextDelay());
        Assert.Equal(3, backoff.Attempt);
    }

    [Fact]
    public void Zero_max_attempts_never_retries()
    {
        var backoff = new ReconnectBackoff(Options(JitterMode.None, maxAttempts: 0));

        Assert.False(backoff.TryGetNextDelay(out _));
    }

    [Fact]
    public void Reset_starts_over_from_the_initial_delay()
    {
        var backoff = new ReconnectBackoff(Options(JitterMode.None, maxAttempts: 2));
        backoff.NextDelay();
        backoff.NextDelay();

        backoff.Reset();

        Assert.Equal(0, backoff.Attempt);
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextDelay());
    }

    [Fact]
    public void A_connection_shorter_than_the_stability_window_does_not_reset_the_counter()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReconnectBackoff(Options(JitterMode.None), timeProvider: time);
        backoff.NextDelay();
        backoff.NextDelay();
        backoff.NextDelay();

        backoff.RecordConnected();
        time.Advance(TimeSpan.FromSeconds(9.9));
        var reset = backoff.RecordDisconnected();

        Assert.False(reset);
        Assert.Equal(3, backoff.Attempt);
        Assert.Equal(TimeSpan.FromSeconds(8), backoff.NextDelay());
    }

    [Fact]
    public void A_connection_that_lasted_the_stability_window_resets_the_counter()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReconnectBackoff(Options(JitterMode.None), timeProvider: time);
        backoff.NextDelay();
        backoff.NextDelay();
        backoff.NextDelay();

        backoff.RecordConnected();
        time.Advance(TimeSpan.FromSeconds(10));
        var reset = backoff.RecordDisconnected();

        Assert.True(reset);
        Assert.Equal(0, backoff.Attempt);
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextDelay());
    }

    [Fact]
    public void Asking_for_a_delay_while_still_marked_connected_counts_as_the_disconnect()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReconnectBackoff(Options(JitterMode.None), timeProvider: time);
        backoff.NextDelay();
        backoff.NextDelay();
        backoff.RecordConnected();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextDelay());
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.NextDelay());
    }

    [Fact]
    public void A_flapping_server_keeps_the_backoff_growing()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReconnectBackoff(Options(JitterMode.None), timeProvider: time);
        var delays = new double[6];

        for (var i = 0; i < delays.Length; i++)
        {
            delays[i] = backoff.NextDelay().TotalSeconds;
            time.Advance(TimeSpan.FromSeconds(delays[i]));
            backoff.RecordConnected();
            time.Advance(TimeSpan.FromSeconds(1));
            backoff.RecordDisconnected();
        }

        Assert.Equal([1, 2, 4, 8, 16, 30], delays);
    }

    [Fact]
    public void Changing_options_after_construction_has_no_effect()
    {
        var options = Options(JitterMode.None);
        var backoff = new ReconnectBackoff(options);

        options.InitialDelay = TimeSpan.FromSeconds(20);

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextDelay());
    }

    [Fact]
    public void Zero_initial_delay_gives_immediate_retries()
    {
        var backoff = new ReconnectBackoff(new ReconnectBackoffOptions { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero });

        Assert.Equal(TimeSpan.Zero, backoff.NextDelay());
        Assert.Equal(TimeSpan.Zero, backoff.NextDelay());
    }

    [Fact]
    public void Huge_attempt_counts_do_not_overflow()
    {
        var backoff = new ReconnectBackoff(new ReconnectBackoffOptions { Jitter = JitterMode.None, Multiplier = 10, MaxDelay = TimeSpan.FromDays(1) });

        Assert.Equal([1, 10, 100, 1_000, 10_000], Enumerable.Range(0, 5).Select(_ => backoff.NextDelay().TotalSeconds));
        for (var i = 5; i < 10_000; i++)
        {
            Assert.Equal(TimeSpan.FromDays(1), backoff.NextDelay());
        }
    }

    [Fact]
    public void Computing_a_delay_does_not_allocate()
    {
        var backoff = new ReconnectBackoff(Options(JitterMode.Full), new Random(1));
        var time = new FakeTimeProvider();
        var decorrelated = new ReconnectBackoff(Options(JitterMode.Decorrelated), new Random(1), time);
        backoff.NextDelay();
        decorrelated.NextDelay();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            backoff.TryGetNextDelay(out _);
            decorrelated.RecordConnected();
            decorrelated.RecordDisconnected();
            decorrelated.NextDelay();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    public static TheoryData<ReconnectBackoffOptions, string> InvalidOptions() => new()
    {
        { new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromSeconds(-1) }, "InitialDelay" },
        { new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(5) }, "MaxDelay" },
        { new ReconnectBackoffOptions { MaxDelay = TimeSpan.FromSeconds(-1) }, "MaxDelay" },
        { new ReconnectBackoffOptions { Multiplier = 0.5 }, "Multiplier" },
        { new ReconnectBackoffOptions { Multiplier = double.NaN }, "Multiplier" },
        { new ReconnectBackoffOptions { Multiplier = double.PositiveInfinity }, "Multiplier" },
        { new ReconnectBackoffOptions { Jitter = (JitterMode)42 }, "Jitter" },
        { new ReconnectBackoffOptions { MaxAttempts = -1 }, "MaxAttempts" },
        { new ReconnectBackoffOptions { StabilityWindow = TimeSpan.FromSeconds(-1) }, "StabilityWindow" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_are_rejected_with_the_setting_named(ReconnectBackoffOptions options, string setting)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new ReconnectBackoff(options));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }
}
