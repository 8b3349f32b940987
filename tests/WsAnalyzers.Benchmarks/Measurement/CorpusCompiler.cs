using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WsAnalyzers.Benchmarks.Corpus;

namespace WsAnalyzers.Benchmarks.Measurement;

/// <summary>
/// Compiles a generated corpus from source text, the way csc does it: parse every file (in parallel), build
/// the compilation, bind every method body. Every measured operation starts from text, so no run profits
/// from syntax trees or bound state cached by an earlier one.
/// </summary>
/// <remarks>
/// "Compile" here means <see cref="Compilation.GetDiagnostics"/> rather than <c>Emit(Stream.Null)</c>.
/// GetDiagnostics parses, declares and binds every member and runs flow analysis; that is the work
/// <see cref="CompilationWithAnalyzers"/> does on its own compilation while it feeds the analyzers, so both
/// sides of the comparison contain the same compiler work and the difference is the analyzers alone. Emitting would add lowering and IL generation to the baseline only (analyzers never wait
/// for emit), which makes the denominator bigger and every overhead percentage smaller than what a user
/// feels in the IDE, where nothing is emitted. Leaving emit out is the conservative choice.
/// </remarks>
public sealed class CorpusCompiler
{
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.CSharp12, DocumentationMode.None);

    private readonly GeneratedCorpus _corpus;
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly bool _concurrent;
    private readonly CSharpCompilationOptions _compilationOptions;

    /// <param name="concurrent">
    /// Parse, bind and analyze on all cores, as csc does (the default), or on one thread at a time, which measures
    /// the same work without the thread pool's spinning and scheduling in the CPU figures.
    /// </param>
    public CorpusCompiler(GeneratedCorpus corpus, ImmutableArray<MetadataReference> references, bool concurrent = true)
    {
        _corpus = corpus;
        _references = references;
        _concurrent = concurrent;
        _compilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            concurrentBuild: concurrent);
    }

    public GeneratedCorpus Corpus => _corpus;

    public CSharpCompilation Parse()
    {
        var files = _corpus.Files;
        var trees = new SyntaxTree[files.Length];
        void ParseFile(int index)
        {
            var file = files[index];
            trees[index] = CSharpSyntaxTree.ParseText(SourceText.From(file.Text, Encoding.UTF8), s_parseOptions, file.Path);
        }

        if (_concurrent)
        {
            Parallel.For(0, files.Length, ParseFile);
        }
        else
        {
            for (var index = 0; index < files.Length; index++)
            {
                ParseFile(index);
            }
        }

        return CSharpCompilation.Create("Corpus", trees, _references, _compilationOptions);
    }

    /// <summary>Compile time alone; returns the number of compiler errors so callers can prove the corpus is valid.</summary>
    public int CompileOnly()
    {
        return Parse().GetDiagnostics().Count(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>
    /// Compile plus analyzers the way csc and the IDE do it: <see cref="CompilationWithAnalyzers.GetAllDiagnosticsAsync()"/>
    /// binds every body once and feeds the analyzers from the same compilation events, so the difference to
    /// <see cref="CompileOnly"/> is the analyzers' cost. Per-analyzer time is not available from this call
    /// (Roslyn reports zero execution time after it); <see cref="MeasureCallbackTimeAsync"/> provides it.
    /// </summary>
    public async Task<AnalyzedCompilation> CompileWithAnalyzersAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default)
    {
        var exceptions = new ConcurrentQueue<string>();
        var withAnalyzers = Parse().WithAnalyzers(analyzers, CreateOptions(exceptions, logExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        var analyzerRuleIds = analyzers
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .Select(descriptor => descriptor.Id)
            .ToImmutableHashSet(StringComparer.Ordinal);
        return new AnalyzedCompilation(
            CountByRule(diagnostics.Where(diagnostic => analyzerRuleIds.Contains(diagnostic.Id) || string.Equals(diagnostic.Id, AnalyzerExceptionId, StringComparison.Ordinal))),
            ImmutableArray<AnalyzerExecutionTime>.Empty,
            exceptions.ToImmutableArray());
    }

    /// <summary>
    /// Time inside each analyzer's callbacks, as <c>-p:ReportAnalyzer=true</c> reports it.
    /// <see cref="CompilationWithAnalyzers.GetAnalysisResultAsync(CancellationToken)"/> is the entry point that
    /// fills the telemetry; it binds only what the analyzers need, so its wall-clock time is not comparable
    /// with <see cref="CompileOnly"/> and is not used for the overhead figures.
    /// </summary>
    public async Task<AnalyzedCompilation> MeasureCallbackTimeAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default)
    {
        var exceptions = new ConcurrentQueue<string>();
        var compilation = Parse();

        // Binding a new compilation's references (about 50-200 ms here) falls to whichever callback asks for a
        // symbol first, usually one analyzer's compilation-start action, which would then carry the compiler's
        // own work in its figure. In a real build the source generators the SDK runs, and in the IDE the
        // workspace, have bound them before any analyzer starts; the same is done here for both packages.
        _ = compilation.SourceModule.ReferencedAssemblySymbols;
        var result = await compilation
            .WithAnalyzers(analyzers, CreateOptions(exceptions, logExecutionTime: true))
            .GetAnalysisResultAsync(cancellationToken)
            .ConfigureAwait(false);
        var executionTimes = analyzers
            .Select(analyzer => new AnalyzerExecutionTime(
                analyzer,
                result.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var telemetry) ? telemetry.ExecutionTime : TimeSpan.Zero))
            .ToImmutableArray();
        return new AnalyzedCompilation(CountByRule(result.GetAllDiagnostics()), executionTimes, exceptions.ToImmutableArray());
    }

    private const string AnalyzerExceptionId = "AD0001";

    private CompilationWithAnalyzersOptions CreateOptions(ConcurrentQueue<string> exceptions, bool logExecutionTime)
    {
        return new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}"),
            concurrentAnalysis: _concurrent,
            logAnalyzerExecutionTime: logExecutionTime,
            reportSuppressedDiagnostics: false);
    }

    private static ImmutableSortedDictionary<string, int> CountByRule(IEnumerable<Diagnostic> diagnostics)
    {
        var countsByRule = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            countsByRule[diagnostic.Id] = countsByRule.GetValueOrDefault(diagnostic.Id) + 1;
        }

        return countsByRule.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }
}

/// <summary>What one compilation with analyzers produced.</summary>
public sealed record AnalyzedCompilation(
    ImmutableSortedDictionary<string, int> DiagnosticCountsByRule,
    ImmutableArray<AnalyzerExecutionTime> ExecutionTimes,
    ImmutableArray<string> AnalyzerExceptions);

/// <summary>Time spent inside one analyzer's callbacks, summed over threads (from the driver's telemetry).</summary>
public sealed record AnalyzerExecutionTime(DiagnosticAnalyzer Analyzer, TimeSpan ExecutionTime);
