using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using WsAnalyzers.Benchmarks.Corpus;

namespace WsAnalyzers.Benchmarks.Report;

/// <summary>Prints the direct measurement as Markdown, ready to quote in the README.</summary>
public static class MarkdownReport
{
    private const double WebSocketFreeGoalPercent = 1;
    private const double MixedGoalPercent = 3;

    public static void Write(
        TextWriter output,
        ReportOptions options,
        string referenceDirectory,
        int wsAnalyzerCount,
        int meziantouAnalyzerCount,
        IReadOnlyList<FlavourMeasurement> measurements)
    {
        var mixed = measurements.Single(measurement => measurement.Corpus.Flavour == CorpusFlavour.Mixed);
        var free = measurements.Single(measurement => measurement.Corpus.Flavour == CorpusFlavour.WebSocketFree);

        output.WriteLine("## WsAnalyzers performance report");
        output.WriteLine();
        output.WriteLine(Invariant($"- Corpus: {free.Corpus.Files.Length:N0} generated files per flavour ({free.Corpus.LineCount:N0} lines WebSocket-free, {mixed.Corpus.LineCount:N0} lines mixed, of which {mixed.Corpus.WebSocketFileCount} WebSocket files = {FlavourMeasurement.Percent(mixed.Corpus.WebSocketFileCount, mixed.Corpus.Files.Length):F1}%)."));
        output.WriteLine(Invariant($"- References: {referenceDirectory}; Roslyn {typeof(Compilation).Assembly.GetName().Version}; {Environment.ProcessorCount} cores; .NET {Environment.Version}."));
        output.WriteLine(Invariant($"- Median of {options.TimedRuns} timed rounds after {options.WarmupRuns} warm-up rounds; the five configurations run in rotating order each round; tiered JIT, background GC and idle thread-pool spinning are off in this process, so the CPU figures hold the work rather than the scheduler's; {(options.Concurrent ? "concurrent build and analysis, as csc runs them" : "sequential build and analysis")}."));
        output.WriteLine("- Compile = parse + bind every file (`GetDiagnostics`, no emit). With analyzers = `CompilationWithAnalyzers.GetAllDiagnosticsAsync` (same binding, analyzers fed from it). Per-analyzer times come from an extra `GetAnalysisResultAsync` pass with execution-time logging in each timed round (medians), on a compilation whose references are already bound, as generators and the IDE leave it.");
        output.WriteLine(Invariant($"- Analyzers: {wsAnalyzerCount} from WsAnalyzers (found by reflection), {meziantouAnalyzerCount} from Meziantou.Analyzer 3.0.321 (default severities)."));
        output.WriteLine();

        output.WriteLine("### Build time (medians, ms)");
        output.WriteLine();
        output.WriteLine("| Corpus | Configuration | Wall clock | CPU (all threads) |");
        output.WriteLine("|---|---|---:|---:|");
        foreach (var measurement in measurements)
        {
            var corpus = Name(measurement.Corpus.Flavour);
            WriteTimingRow(output, corpus, "compile alone", measurement.Compile);
            WriteTimingRow(output, corpus, "+ empty analyzer (floor)", measurement.EmptyAnalyzer);
            WriteTimingRow(output, corpus, "+ no-op operation actions (operation floor)", measurement.OperationFloor);
            WriteTimingRow(output, corpus, "+ WsAnalyzers", measurement.WsAnalyzers);
            WriteTimingRow(output, corpus, "+ Meziantou.Analyzer", measurement.Meziantou);
        }

        output.WriteLine();
        output.WriteLine("### Overhead relative to compile alone (CPU / wall clock)");
        output.WriteLine();
        output.WriteLine("| Corpus | Empty-analyzer floor | Operation floor | WsAnalyzers | WsAnalyzers above the floor | WsAnalyzers above the operation floor | WsAnalyzers callbacks (telemetry) | Meziantou.Analyzer |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var measurement in measurements)
        {
            var compile = measurement.Compile;
            output.WriteLine(Invariant(
                $"| {Name(measurement.Corpus.Flavour)} | {Signed(measurement.EmptyAnalyzer.CpuPercentOver(compile))} / {Signed(measurement.EmptyAnalyzer.WallPercentOver(compile))} | {Signed(measurement.OperationFloor.CpuPercentOver(compile))} / {Signed(measurement.OperationFloor.WallPercentOver(compile))} | {Signed(measurement.WsAnalyzers.CpuPercentOver(compile))} / {Signed(measurement.WsAnalyzers.WallPercentOver(compile))} | {Signed(measurement.WsAnalyzers.CpuPercentAbove(measurement.EmptyAnalyzer, compile))} / {Signed(measurement.WsAnalyzers.WallPercentAbove(measurement.EmptyAnalyzer, compile))} | {Signed(measurement.WsAnalyzers.CpuPercentAbove(measurement.OperationFloor, compile))} / {Signed(measurement.WsAnalyzers.WallPercentAbove(measurement.OperationFloor, compile))} | {CallbackPercent(measurement):F3}% ({measurement.WsAnalyzerCosts.Sum(cost => cost.Milliseconds):F1} ms) | {Signed(measurement.Meziantou.CpuPercentOver(compile))} / {Signed(measurement.Meziantou.WallPercentOver(compile))} |"));
        }

        output.WriteLine();
        output.WriteLine("### WsAnalyzers per analyzer (time inside its callbacks, summed over threads)");
        output.WriteLine();
        output.WriteLine("| Analyzer | Rules | " + string.Join(" | ", measurements.Select(measurement => Name(measurement.Corpus.Flavour) + " (ms)")) + " |");
        output.WriteLine("|---|---|" + string.Concat(measurements.Select(_ => "---:|")));
        for (var index = 0; index < free.WsAnalyzerCosts.Length; index++)
        {
            var cost = free.WsAnalyzerCosts[index];
            output.WriteLine(Invariant($"| {cost.Name} | {cost.RuleIds} | ") + string.Join(" | ", measurements.Select(measurement => Invariant($"{measurement.WsAnalyzerCosts[index].Milliseconds:F2}"))) + " |");
        }

        output.WriteLine();
        output.WriteLine("### Cost per analyzer: WsAnalyzers mean vs Meziantou.Analyzer median");
        output.WriteLine();
        output.WriteLine("| Corpus | WsAnalyzers mean (ms) | Meziantou median (ms) | Meziantou analyzers counted | ratio | Meziantou's slowest analyzers (ms) |");
        output.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var measurement in measurements)
        {
            var running = measurement.MeziantouCosts.Where(cost => cost.RunsByDefault).ToArray();
            var slowest = string.Join(", ", running.OrderByDescending(cost => cost.Milliseconds).Take(3).Select(cost => Invariant($"{cost.Name} {cost.Milliseconds:N0}")));
            output.WriteLine(Invariant(
                $"| {Name(measurement.Corpus.Flavour)} | {MeanWsCost(measurement):F2} | {MedianMeziantouCost(measurement):F2} | {running.Length} of {measurement.MeziantouCosts.Length} (the others have every rule off by default, so the driver never calls them) | {Ratio(MeanWsCost(measurement), MedianMeziantouCost(measurement))} | {slowest} |"));
        }

        output.WriteLine();
        output.WriteLine("### Goals (reported, not enforced)");
        output.WriteLine();
        output.WriteLine("The deciding figure is the CPU time WsAnalyzers add above the empty-analyzer floor. Every SDK build already hosts analyzers (the .NET analyzers are on by default), so the driver's own cost is not ours; and CPU time is the work done, where wall clock on 2 shared cores also measures the scheduler. The other views are shown next to it.");
        output.WriteLine();
        output.WriteLine("The operation floor (no-op operation actions for the kinds WsAnalyzers register) is shown next to it: it is what a build that runs any operation-based analyzer, such as the SDK's CA rules, already pays for IOperation trees; the goals are judged against the empty floor, the stricter of the two.");
        output.WriteLine();
        output.WriteLine("| Goal | CPU above floor | Wall above floor | CPU above operation floor | Wall above operation floor | CPU vs compile alone | Callback time | Met |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        WriteOverheadGoal(output, free, WebSocketFreeGoalPercent);
        WriteOverheadGoal(output, mixed, MixedGoalPercent);
        foreach (var measurement in measurements)
        {
            var mean = MeanWsCost(measurement);
            var median = MedianMeziantouCost(measurement);
            output.WriteLine(Invariant(
                $"| Mean per WsAnalyzers analyzer below Meziantou's median ({Name(measurement.Corpus.Flavour)}) | | | | | | {mean:F2} ms vs {median:F2} ms | {YesNo(mean < median)} |"));
        }

        // Medians of each configuration come from different rounds; differences taken within a round cancel
        // the slow drift of a shared machine, so they show how far the medians above can be trusted.
        output.WriteLine();
        output.WriteLine("Paired per round (WsAnalyzers minus the empty floor, over the same round's compile, CPU):");
        output.WriteLine();
        foreach (var measurement in measurements)
        {
            var rounds = measurement.CpuPercentAboveFloorPerRound;
            output.WriteLine(Invariant(
                $"- {Name(measurement.Corpus.Flavour)}: median {Signed(OverheadReport.Median(rounds))}; rounds {string.Join(", ", rounds.Select(Signed))}"));
        }

        output.WriteLine();
        output.WriteLine("### Sanity check: exact diagnostic counts");
        output.WriteLine();
        output.WriteLine("| Corpus | Rule | Expected | Measured | Status |");
        output.WriteLine("|---|---|---:|---:|---|");
        foreach (var measurement in measurements)
        {
            foreach (var count in measurement.Sanity.RuleCounts)
            {
                output.WriteLine(Invariant($"| {Name(measurement.Corpus.Flavour)} | {count.RuleId} | {count.Expected} | {(count.IsLoaded ? count.Measured.ToString(CultureInfo.InvariantCulture) : "–")} | {count.Status} |"));
            }
        }

        output.WriteLine();
        foreach (var measurement in measurements)
        {
            var sanity = measurement.Sanity;
            output.WriteLine(Invariant(
                $"- {Name(measurement.Corpus.Flavour)}: {sanity.CompilerErrors} compiler errors, {sanity.WsAnalyzerExceptions.Length} WsAnalyzers exceptions, {sanity.RoundsThatDisagreed} rounds with different counts, {sanity.MeziantouExceptionCount} Meziantou exceptions (not ours; informational). **{(sanity.Passed ? "PASSED" : "FAILED")}**"));
            foreach (var exception in sanity.WsAnalyzerExceptions)
            {
                output.WriteLine("  - " + exception);
            }
        }
    }

    private static void WriteOverheadGoal(TextWriter output, FlavourMeasurement measurement, double goalPercent)
    {
        var compile = measurement.Compile;
        var cpuAboveFloor = measurement.WsAnalyzers.CpuPercentAbove(measurement.EmptyAnalyzer, compile);
        output.WriteLine(Invariant(
            $"| WsAnalyzers add ≤ {goalPercent:F0}% to compile time ({Name(measurement.Corpus.Flavour)}) | {Signed(cpuAboveFloor)} | {Signed(measurement.WsAnalyzers.WallPercentAbove(measurement.EmptyAnalyzer, compile))} | {Signed(measurement.WsAnalyzers.CpuPercentAbove(measurement.OperationFloor, compile))} | {Signed(measurement.WsAnalyzers.WallPercentAbove(measurement.OperationFloor, compile))} | {Signed(measurement.WsAnalyzers.CpuPercentOver(compile))} | {CallbackPercent(measurement):F3}% | {YesNo(cpuAboveFloor <= goalPercent)} |"));
    }

    private static void WriteTimingRow(TextWriter output, string corpus, string configuration, Timing timing)
    {
        output.WriteLine(Invariant($"| {corpus} | {configuration} | {timing.WallMilliseconds:N0} | {timing.CpuMilliseconds:N0} |"));
    }

    /// <summary>Time inside WsAnalyzers' callbacks as a share of the compiler's CPU time: the noise-free lower bound of our cost.</summary>
    private static double CallbackPercent(FlavourMeasurement measurement) =>
        FlavourMeasurement.Percent(measurement.WsAnalyzerCosts.Sum(cost => cost.Milliseconds), measurement.Compile.CpuMilliseconds);

    private static double MeanWsCost(FlavourMeasurement measurement) =>
        measurement.WsAnalyzerCosts.Length == 0 ? 0 : measurement.WsAnalyzerCosts.Average(cost => cost.Milliseconds);

    private static double MedianMeziantouCost(FlavourMeasurement measurement) =>
        OverheadReport.Median(measurement.MeziantouCosts.Where(cost => cost.RunsByDefault).Select(cost => cost.Milliseconds));

    private static string Name(CorpusFlavour flavour) => flavour == CorpusFlavour.Mixed ? "Mixed" : "WebSocket-free";

    private static string Signed(double percent) => Invariant($"{(percent >= 0 ? "+" : "")}{percent:F2}%");

    private static string Ratio(double ours, double theirs) => theirs <= 0 ? "n/a" : Invariant($"{ours / theirs:F2}x");

    private static string YesNo(bool met) => met ? "yes" : "**no**";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
