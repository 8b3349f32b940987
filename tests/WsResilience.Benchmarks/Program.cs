using System;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace WsResilience.Benchmarks;

internal static class Program
{
    public static void Main(string[] args)
    {
        // The storm is a virtual-time simulation: its figures are counts, not timings, so it runs first and fast.
        Console.WriteLine(ReconnectStormSimulation.Report(clients: 1000, outage: TimeSpan.FromSeconds(10), window: TimeSpan.FromMilliseconds(100)));

        // A short in-process job keeps the whole run to minutes on two cores; in-process also avoids
        // regenerating a project under the repository's warnings-as-errors build settings.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(8);
        var config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)

            // The README reports medians: the mean of eight iterations on a shared machine follows its outliers.
            .AddColumn(StatisticColumn.Median)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
