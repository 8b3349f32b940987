using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WsAnalyzers.Benchmarks.Analyzers;
using WsAnalyzers.Benchmarks.Corpus;
using WsAnalyzers.Benchmarks.Measurement;

namespace WsAnalyzers.Benchmarks.Report;

/// <summary>
/// The quick direct measurement: a few warm-up rounds, then timed rounds of all five configurations,
/// medians, per-analyzer telemetry and the diagnostic-count sanity check, printed as Markdown.
/// </summary>
public static class OverheadReport
{
    private enum Configuration
    {
        Compile,
        EmptyAnalyzer,
        OperationFloor,
        WsAnalyzers,
        Meziantou,
    }

    private static readonly Configuration[] s_configurations = Enum.GetValues<Configuration>();

    /// <returns>0 when every sanity check passed, 1 otherwise (the goals themselves are reported, not enforced).</returns>
    public static async Task<int> RunAsync(ReportOptions options, TextWriter output)
    {
        var references = ReferenceAssemblies.LoadNet10();
        var wsAnalyzers = AnalyzerSets.CreateWsAnalyzers();
        var emptyAnalyzer = AnalyzerSets.CreateEmptyAnalyzer();
        var operationFloor = AnalyzerSets.CreateOperationFloorAnalyzer();
        var meziantouAnalyzers = AnalyzerSets.CreateMeziantouAnalyzers();

        var measurements = new List<FlavourMeasurement>();
        foreach (var flavour in Enum.GetValues<CorpusFlavour>())
        {
            var corpus = CorpusGenerator.Generate(flavour, options.FileCount);
            await Console.Error.WriteLineAsync(
                $"Measuring {flavour}: {corpus.Files.Length} files, {corpus.LineCount} lines, {options.WarmupRuns} warm-up + {options.TimedRuns} timed rounds...").ConfigureAwait(false);
            measurements.Add(await MeasureAsync(new CorpusCompiler(corpus, references, options.Concurrent), options, wsAnalyzers, emptyAnalyzer, operationFloor, meziantouAnalyzers).ConfigureAwait(false));
        }

        MarkdownReport.Write(output, options, ReferenceAssemblies.FindReferenceDirectory(), wsAnalyzers.Length, meziantouAnalyzers.Length, measurements);
        return measurements.All(measurement => measurement.Sanity.Passed) ? 0 : 1;
    }

    private static async Task<FlavourMeasurement> MeasureAsync(
        CorpusCompiler compiler,
        ReportOptions options,
        ImmutableArray<DiagnosticAnalyzer> wsAnalyzers,
        ImmutableArray<DiagnosticAnalyzer> emptyAnalyzer,
        ImmutableArray<DiagnosticAnalyzer> operationFloor,
        ImmutableArray<DiagnosticAnalyzer> meziantouAnalyzers)
    {
        var wall = s_configurations.ToDictionary(configuration => configuration, _ => new List<double>());
        var cpu = s_configurations.ToDictionary(configuration => configuration, _ => new List<double>());
        using var process = Process.GetCurrentProcess();
        var wsRuns = new List<AnalyzedCompilation>();
        var meziantouRuns = new List<AnalyzedCompilation>();
        var wsCallbacks = new List<AnalyzedCompilation>();
        var meziantouCallbacks = new List<AnalyzedCompilation>();
        var compilerErrors = 0;
        for (var round = 0; round < options.WarmupRuns + options.TimedRuns; round++)
        {
            var timed = round >= options.WarmupRuns;

            // Rotating the order spreads any drift (thermal, background work, GC heap growth) over all five.
            for (var step = 0; step < s_configurations.Length; step++)
            {
                var configuration = s_configurations[(round + step) % s_configurations.Length];
                CollectGarbage();
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var stopwatch = Stopwatch.StartNew();
                AnalyzedCompilation? analyzed = null;
                switch (configuration)
                {
                    case Configuration.Compile:
                        compilerErrors = Math.Max(compilerErrors, compiler.CompileOnly());
                        break;
                    case Configuration.EmptyAnalyzer:
                        analyzed = await compiler.CompileWithAnalyzersAsync(emptyAnalyzer).ConfigureAwait(false);
                        break;
                    case Configuration.OperationFloor:
                        analyzed = await compiler.CompileWithAnalyzersAsync(operationFloor).ConfigureAwait(false);
                        break;
                    case Configuration.WsAnalyzers:
                        analyzed = await compiler.CompileWithAnalyzersAsync(wsAnalyzers).ConfigureAwait(false);
                        break;
                    case Configuration.Meziantou:
                        analyzed = await compiler.CompileWithAnalyzersAsync(meziantouAnalyzers).ConfigureAwait(false);
                        break;
                }

                stopwatch.Stop();
                process.Refresh();
                var cpuUsed = process.TotalProcessorTime - cpuBefore;
                if (!timed)
                {
                    continue;
                }

                wall[configuration].Add(stopwatch.Elapsed.TotalMilliseconds);
                cpu[configuration].Add(cpuUsed.TotalMilliseconds);
                if (configuration == Configuration.WsAnalyzers)
                {
                    wsRuns.Add(analyzed!);
                }
                else if (configuration == Configuration.Meziantou)
                {
                    meziantouRuns.Add(analyzed!);
                }
            }

            if (timed)
            {
                // Callback times are wall-clock stopwatches inside the driver: a preempted callback on a busy
                // machine inflates one pass, so each timed round gets its own pass and the report uses medians.
                CollectGarbage();
                wsCallbacks.Add(await compiler.MeasureCallbackTimeAsync(wsAnalyzers).ConfigureAwait(false));
                CollectGarbage();
                meziantouCallbacks.Add(await compiler.MeasureCallbackTimeAsync(meziantouAnalyzers).ConfigureAwait(false));
            }
        }

        var loadedRuleIds = wsAnalyzers
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .Select(descriptor => descriptor.Id)
            .ToImmutableHashSet(StringComparer.Ordinal);
        var sanity = SanityCheck.Evaluate(
            compiler.Corpus.ExpectedDiagnosticsByRule,
            loadedRuleIds,
            compilerErrors,
            wsRuns.Concat(wsCallbacks).ToArray(),
            meziantouRuns.Concat(meziantouCallbacks).Sum(run => run.AnalyzerExceptions.Length));

        return new FlavourMeasurement(
            compiler.Corpus,
            MedianTiming(Configuration.Compile),
            MedianTiming(Configuration.EmptyAnalyzer),
            MedianTiming(Configuration.OperationFloor),
            MedianTiming(Configuration.WsAnalyzers),
            MedianTiming(Configuration.Meziantou),
            MedianCosts(wsAnalyzers, wsCallbacks),
            MedianCosts(meziantouAnalyzers, meziantouCallbacks),
            sanity,
            Enumerable.Range(0, options.TimedRuns)
                .Select(round => FlavourMeasurement.Percent(
                    cpu[Configuration.WsAnalyzers][round] - cpu[Configuration.EmptyAnalyzer][round],
                    cpu[Configuration.Compile][round]))
                .ToImmutableArray());

        Timing MedianTiming(Configuration configuration) => new(Median(wall[configuration]), Median(cpu[configuration]));
    }

    private static ImmutableArray<AnalyzerCost> MedianCosts(ImmutableArray<DiagnosticAnalyzer> analyzers, List<AnalyzedCompilation> passes)
    {
        return analyzers
            .Select(analyzer => new AnalyzerCost(
                analyzer.GetType().Name,
                string.Join(", ", analyzer.SupportedDiagnostics.Select(descriptor => descriptor.Id).Distinct(StringComparer.Ordinal)),
                Median(passes.Select(pass => pass.ExecutionTimes.First(time => ReferenceEquals(time.Analyzer, analyzer)).ExecutionTime.TotalMilliseconds)),
                AnalyzerSets.RunsByDefault(analyzer)))
            .ToImmutableArray();
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(value => value).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Each round starts from the same heap state, so one configuration does not pay for another's garbage.</summary>
    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
