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

    [Benchmark]
    public TimeSpan NextDelay_Decorrelated() => _decorrelated.NextDelay();
}
