using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using BenchmarkDotNet.Running;
using WsAnalyzers.Benchmarks.Report;

namespace WsAnalyzers.Benchmarks;

/// <summary>
/// <c>-- --filter *</c> runs the BenchmarkDotNet suite; <c>-- --report</c> runs the quick direct measurement
/// and prints the Markdown report; <c>-- --paired</c> compares WsAnalyzers with the floor and with seven no-op
/// per-file analyzers, round by round; <c>-- --realcode DIR</c> measures one compilation of every <c>.cs</c> file under DIR
/// (real code) with the operation floor, against Meziantou.Analyzer. <c>--files N</c> sizes the corpus in all modes; <c>--runs N</c> and
/// <c>--warmup N</c> tune the report and the paired comparison; <c>--sequential</c> measures on one thread at a time;
/// <c>--fresh-trees</c> parses the real code again for every analyzed run, as a build does.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var benchmarkArguments = new List<string>();
        var reportOptions = new ReportOptions();
        var runReport = false;
        var runPaired = false;
        string? realCodeDirectory = null;
        for (var index = 0; index < args.Length; index++)
        {
            switch (args[index])
            {
                case "--report":
                    runReport = true;
                    break;
                case "--paired":
                    runPaired = true;
                    break;
                case "--realcode":
                    realCodeDirectory = index + 1 < args.Length ? args[++index] : throw new ArgumentException("--realcode needs a folder of .cs files.", nameof(args));
                    break;
                case "--fresh-trees":
                    reportOptions = reportOptions with { FreshTrees = true };
                    break;
                case "--sequential":
                    reportOptions = reportOptions with { Concurrent = false };
                    break;
                case "--files":
                    BenchmarkSettings.FileCount = ReadInteger(args, ref index, minimum: 1);
                    break;
                case "--runs":
                    reportOptions = reportOptions with { TimedRuns = ReadInteger(args, ref index, minimum: 1) };
                    break;
                case "--warmup":
                    reportOptions = reportOptions with { WarmupRuns = ReadInteger(args, ref index, minimum: 0) };
                    break;
                default:
                    benchmarkArguments.Add(args[index]);
                    break;
            }
        }

        if (realCodeDirectory is not null)
        {
            return await RealCodeReport.RunAsync(realCodeDirectory, reportOptions, Console.Out).ConfigureAwait(false);
        }

        if (runPaired)
        {
            await PairedComparison.RunAsync(reportOptions with { FileCount = BenchmarkSettings.FileCount }, Console.Out).ConfigureAwait(false);
            return 0;
        }

        if (runReport)
        {
            return await OverheadReport.RunAsync(reportOptions with { FileCount = BenchmarkSettings.FileCount }, Console.Out).ConfigureAwait(false);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(benchmarkArguments.ToArray());
        return 0;
    }

    private static int ReadInteger(string[] args, ref int index, int minimum)
    {
        var option = args[index];
        if (index + 1 >= args.Length
            || !int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < minimum)
        {
            throw new ArgumentException($"{option} needs an integer of at least {minimum}.", nameof(args));
        }

        index++;
        return value;
    }
}
