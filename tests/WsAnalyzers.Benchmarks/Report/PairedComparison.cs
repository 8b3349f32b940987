using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using WsAnalyzers.Benchmarks.Analyzers;
using WsAnalyzers.Benchmarks.Corpus;
using WsAnalyzers.Benchmarks.Measurement;
using static System.FormattableString;

namespace WsAnalyzers.Benchmarks.Report;

/// <summary>
/// Many short rounds of four configurations (compile alone, the empty floor, seven no-op per-file analyzers,
/// WsAnalyzers); each analyzer set's cost above the floor is taken within its own round, relative to that
/// round's compile time. Differences taken within a round cancel the slow drift
/// of a shared machine; the no-op set, which does nothing, shows the resolution: any figure of ours inside its
/// spread cannot be told apart from zero by timing the whole build.
/// </summary>
public static class PairedComparison
{
    public static async Task RunAsync(ReportOptions options, TextWriter output)
    {
        var wsAnalyzers = AnalyzerSets.CreateWsAnalyzers();
        var configurations = new (string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)[]
        {
            ("compile alone", ImmutableArray<DiagnosticAnalyzer>.Empty),
            ("empty analyzer (floor)", AnalyzerSets.CreateEmptyAnalyzer()),
            ($"{wsAnalyzers.Length} no-op per-file analyzers", AnalyzerSets.CreatePerFileNoopAnalyzers(wsAnalyzers.Length)),
            ("WsAnalyzers", wsAnalyzers),
        };

        output.WriteLine("## Paired comparison with the floor (CPU time, all threads)");
        output.WriteLine();
        output.WriteLine(Invariant($"{options.FileCount:N0} files per flavour; {options.WarmupRuns} warm-up + {options.TimedRuns} timed rounds; each round runs the four configurations in rotating order; a configuration's cost above the floor is (configuration − floor) / compile alone, all three from the same round (for the floor itself: floor − compile alone)."));
        output.WriteLine();
        output.WriteLine("| Corpus | Configuration | Median CPU (ms) | Paired median above the floor | Middle half of the rounds |");
        output.WriteLine("|---|---|---:|---:|---:|");
        using var process = Process.GetCurrentProcess();
        foreach (var flavour in Enum.GetValues<CorpusFlavour>())
        {
            var compiler = new CorpusCompiler(CorpusGenerator.Generate(flavour, options.FileCount), ReferenceAssemblies.LoadNet10(), options.Concurrent);
            await Console.Error.WriteLineAsync($"Paired rounds on {flavour}...").ConfigureAwait(false);
            var cpu = configurations.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < options.WarmupRuns + options.TimedRuns; round++)
            {
                for (var step = 0; step < configurations.Length; step++)
                {
                    var index = (round + step) % configurations.Length;
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    process.Refresh();
                    var before = process.TotalProcessorTime;
                    if (configurations[index].Analyzers.IsEmpty)
                    {
                        compiler.CompileOnly();
                    }
                    else
                    {
                        await compiler.CompileWithAnalyzersAsync(configurations[index].Analyzers).ConfigureAwait(false);
                    }

                    process.Refresh();
                    if (round >= options.WarmupRuns)
                    {
                        cpu[index].Add((process.TotalProcessorTime - before).TotalMilliseconds);
                    }
                }
            }

            for (var index = 1; index < configurations.Length; index++)
            {
                var baseline = index == 1 ? cpu[0] : cpu[1];
                var paired = Enumerable.Range(0, cpu[index].Count)
                    .Select(round => FlavourMeasurement.Percent(cpu[index][round] - baseline[round], cpu[0][round]))
                    .OrderBy(value => value)
                    .ToArray();
                var quarter = paired.Length / 4;
                output.WriteLine(Invariant(
                    $"| {flavour} | {configurations[index].Name} | {OverheadReport.Median(cpu[index]):N0} | {OverheadReport.Median(paired):+0.0;-0.0;0.0}% | {paired[quarter]:+0.0;-0.0;0.0}% … {paired[paired.Length - 1 - quarter]:+0.0;-0.0;0.0}% |"));
            }
        }
    }
}
