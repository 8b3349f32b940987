using System;
using BenchmarkDotNet.Attributes;

namespace WsResilience.Benchmarks;

/// <summary>The cost of one delay computation; it must not allocate.</summary>
public class BackoffBenchmarks
{
    private ReconnectBackoff _full = null!;
    private ReconnectBackoff _decorrelated = null!;
    private ReconnectBackoff _none = null!;

    [GlobalSetup]
    public void Setup()
    {
        _full = new ReconnectBackoff(new ReconnectBackoffOptions { Jitter = JitterMode.Full }, new Random(1));
        _decorrelated = new ReconnectBackoff(new ReconnectBackoffOptions { Jitter = JitterMode.Decorrelated }, new Random(1));
        _none = new ReconnectBackoff(new ReconnectBackoffOptions { Jitter = JitterMode.None });
    }

    [Benchmark(Baseline = true)]
    public TimeSpan NextDelay_NoJitter() => _none.NextDelay();

    [Benchmark]
    public TimeSpan NextDelay_FullJitter() => _full.NextDelay();

    /// <summary>After a few calls the decorrelated backoff is at its cap, where a delay is one draw.</summary>
    [Benchmark]
    public TimeSpan NextDelay_Decorrelated() => _decorrelated.NextDelay();

    /// <summary>The first six attempts, which walk the curve (a power, a square root and a tanh per delay).</summary>
    [Benchmark(OperationsPerInvoke = 6)]
    public TimeSpan NextDelay_Decorrelated_FirstSix()
    {
        _decorrelated.Reset();
        var delay = TimeSpan.Zero;
        for (var i = 0; i < 6; i++)
        {
            delay += _decorrelated.NextDelay();
        }

        return delay;
    }
}
