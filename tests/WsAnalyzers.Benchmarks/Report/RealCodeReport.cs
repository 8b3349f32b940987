using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WsAnalyzers.Benchmarks.Analyzers;
using WsAnalyzers.Benchmarks.Measurement;
using static System.FormattableString;

namespace WsAnalyzers.Benchmarks.Report;

/// <summary>
/// Real-code mode (<c>--realcode DIR</c>): one compilation of every <c>.cs</c> file under a folder (a snapshot of a real
/// project's sources, which the repository never holds), measured the way <c>../shared/realcode/perf</c> measures
/// Discord.Net. Every analyzed run carries the operation floor, as the SDK's CA rules make every real build build
/// IOperation trees. Per round: compile alone, the floor alone, the floor with WsAnalyzers and the floor with
/// Meziantou.Analyzer; reported are the medians of callback time per analyzer (the driver's telemetry, as
/// <c>-p:ReportAnalyzer=true</c> prints it), wall time above the floor, and callback time per rule of both packages.
/// </summary>
/// <remarks>
/// The references are bound before each analyzed run (as the SDK's source generators have bound them before any analyzer
/// runs in a real build), so that the first analyzer's compilation-start action does not carry that compiler work; the
/// shared perf script does not do this, so its figures for the first analyzer are a few milliseconds higher.
/// Missing references (NuGet packages the snapshot uses) leave some calls unbound, as in a half-restored IDE: the
/// analyzers still see every WebSocket API, which the framework references provide.
/// </remarks>
public static class RealCodeReport
{
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Preview);

    public static async Task<int> RunAsync(string directory, ReportOptions options, TextWriter output)
    {
        if (!Directory.Exists(directory))
        {
            await Console.Error.WriteLineAsync($"No folder '{directory}'.").ConfigureAwait(false);
            return 2;
        }

        var files = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories).OrderBy(path => path, StringComparer.Ordinal).ToList();
        var texts = files.Select(File.ReadAllText).ToList();
        ImmutableArray<SyntaxTree> Parse() => texts.Select((text, index) => CSharpSyntaxTree.ParseText(text, s_parseOptions, files[index])).ToImmutableArray();
        var trees = Parse();
        var lines = trees.Sum(tree => tree.GetText().Lines.Count);
        var references = ReferenceAssemblies.LoadNet10();

        // The parse is never timed: with --fresh-trees each run gets new trees, made before its clock starts.
        CSharpCompilation Fresh() => CSharpCompilation.Create(
            "RealCode",
            options.FreshTrees ? Parse() : trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, concurrentBuild: false));

        var floor = AnalyzerSets.CreateOperationFloorAnalyzer();
        var ours = AnalyzerSets.CreateWsAnalyzers();
        var peer = AnalyzerSets.CreateMeziantouAnalyzers();
        var compile = new List<double>();
        var floorWall = new List<double>();
        var oursRuns = new List<Run>();
        var peerRuns = new List<Run>();
        await Console.Error.WriteLineAsync($"Real code: {files.Count} files, {lines} lines; {options.WarmupRuns} warm-up + {options.TimedRuns} timed rounds...").ConfigureAwait(false);
        for (var round = 0; round < options.WarmupRuns + options.TimedRuns; round++)
        {
            var timed = round >= options.WarmupRuns;
            var compilation = Fresh();
            var stopwatch = Stopwatch.StartNew();
            _ = compilation.GetDiagnostics();
            var compiled = stopwatch.Elapsed.TotalMilliseconds;
            var floorRun = await MeasureAsync(Fresh(), floor, counted: ImmutableArray<DiagnosticAnalyzer>.Empty).ConfigureAwait(false);
            var oursRun = await MeasureAsync(Fresh(), floor.AddRange(ours), ours).ConfigureAwait(false);
            var peerRun = await MeasureAsync(Fresh(), floor.AddRange(peer), peer).ConfigureAwait(false);
            if (timed)
            {
                compile.Add(compiled);
                floorWall.Add(floorRun.Wall);
                oursRuns.Add(oursRun);
                peerRuns.Add(peerRun);
            }
        }

        var compileMs = OverheadReport.Median(compile);
        var oursRules = RuleCount(ours);
        var peerRules = RuleCount(peer);
        var oursMs = OverheadReport.Median(oursRuns.Select(run => run.Callbacks));
        var peerMs = OverheadReport.Median(peerRuns.Select(run => run.Callbacks));
        var oursAbove = OverheadReport.Median(oursRuns.Zip(floorWall, (run, floorMs) => run.Wall - floorMs));
        var peerAbove = OverheadReport.Median(peerRuns.Zip(floorWall, (run, floorMs) => run.Wall - floorMs));

        output.WriteLine(Invariant($"Real code: {directory}: {files.Count} files, {lines} lines; medians of {options.TimedRuns} rounds after {options.WarmupRuns} warm-up; {(options.FreshTrees ? "trees parsed again for every run" : "one parse for every round")}"));
        output.WriteLine(Invariant($"Compile {compileMs:F0} ms; operation floor {OverheadReport.Median(floorWall):F0} ms wall"));
        output.WriteLine(Invariant($"WsAnalyzers: {oursRules} rules, callbacks {oursMs:F1} ms = {Percent(oursMs, compileMs):F2}% of compile, {oursMs / oursRules:F2} ms per rule; wall above floor {oursAbove:F0} ms = {Percent(oursAbove, compileMs):F1}%; {oursRuns[^1].WsDiagnostics} WS diagnostics; {oursRuns[^1].Exceptions} analyzer exceptions"));
        foreach (var analyzer in ours)
        {
            var name = analyzer.GetType().Name;
            output.WriteLine(Invariant($"  {name,-45} {OverheadReport.Median(oursRuns.Select(run => run.ByAnalyzer[name])),8:F1} ms"));
        }

        output.WriteLine(Invariant($"Meziantou.Analyzer: {peerRules} rules, callbacks {peerMs:F1} ms = {Percent(peerMs, compileMs):F2}% of compile, {peerMs / peerRules:F2} ms per rule; wall above floor {peerAbove:F0} ms"));
        output.WriteLine(Invariant($"Per-rule cost WsAnalyzers / Meziantou: {oursMs / oursRules / (peerMs / peerRules):F2}"));
        return oursRuns.All(run => run.Exceptions == 0) ? 0 : 1;
    }

    private static double Percent(double part, double whole) => FlavourMeasurement.Percent(part, whole);

    /// <summary>Every rule ID the package declares, counted as the shared perf script counts them, so the per-rule figures compare.</summary>
    private static int RuleCount(ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(descriptor => descriptor.Id).Distinct(StringComparer.Ordinal).Count();

    private static async Task<Run> MeasureAsync(CSharpCompilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<DiagnosticAnalyzer> counted)
    {
        var exceptions = 0;
        _ = compilation.SourceModule.ReferencedAssemblySymbols;
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (_, _, _) => Interlocked.Increment(ref exceptions),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false));
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        var wall = stopwatch.Elapsed.TotalMilliseconds;
        var byAnalyzer = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var analyzer in counted)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false);
            byAnalyzer[analyzer.GetType().Name] = byAnalyzer.GetValueOrDefault(analyzer.GetType().Name) + telemetry.ExecutionTime.TotalMilliseconds;
        }

        return new Run(
            wall,
            byAnalyzer.Values.Sum(),
            byAnalyzer,
            diagnostics.Count(diagnostic => diagnostic.Id.StartsWith("WS", StringComparison.Ordinal) && !diagnostic.Id.StartsWith("WSBENCH", StringComparison.Ordinal)),
            exceptions + diagnostics.Count(diagnostic => diagnostic.Id == "AD0001"));
    }

    private sealed record Run(double Wall, double Callbacks, Dictionary<string, double> ByAnalyzer, int WsDiagnostics, int Exceptions);
}
