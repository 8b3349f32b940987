using System.Collections.Immutable;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WsAnalyzers.Benchmarks.Analyzers;
using WsAnalyzers.Benchmarks.Corpus;
using WsAnalyzers.Benchmarks.Measurement;

namespace WsAnalyzers.Benchmarks;

/// <summary>
/// Compile time of the generated corpus alone, with the empty-analyzer floor, with the operation floor (no-op
/// operation actions for the kinds WsAnalyzers register), with every WsAnalyzers
/// analyzer, and with Meziantou.Analyzer, in the same run, on both corpus flavours.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class AnalyzerOverheadBenchmarks
{
    private static bool s_roslynIsWarm;

    private CorpusCompiler _compiler = null!;
    private ImmutableArray<DiagnosticAnalyzer> _emptyAnalyzer;
    private ImmutableArray<DiagnosticAnalyzer> _operationFloor;
    private ImmutableArray<DiagnosticAnalyzer> _wsAnalyzers;
    private ImmutableArray<DiagnosticAnalyzer> _meziantouAnalyzers;

    [ParamsAllValues]
    public CorpusFlavour Flavour { get; set; }

    [GlobalSetup]
    public void GenerateCorpusAndLoadAnalyzers()
    {
        _compiler = new CorpusCompiler(CorpusGenerator.Generate(Flavour, BenchmarkSettings.FileCount), ReferenceAssemblies.LoadNet10());
        _emptyAnalyzer = AnalyzerSets.CreateEmptyAnalyzer();
        _operationFloor = AnalyzerSets.CreateOperationFloorAnalyzer();
        _wsAnalyzers = AnalyzerSets.CreateWsAnalyzers();
        _meziantouAnalyzers = AnalyzerSets.CreateMeziantouAnalyzers();
        WarmUpRoslynOnce();
    }

    /// <summary>
    /// Roslyn's NuGet assemblies are not precompiled, and the in-process cases share one JIT: without this,
    /// whichever case runs first measures tier-0 code (7.2 s against 2.4 s for the same compile later on).
    /// One compilation through every configuration, once per process, levels the field.
    /// </summary>
    private void WarmUpRoslynOnce()
    {
        if (s_roslynIsWarm)
        {
            return;
        }

        _compiler.CompileOnly();
        foreach (var analyzers in new[] { _emptyAnalyzer, _operationFloor, _wsAnalyzers, _meziantouAnalyzers })
        {
            _compiler.CompileWithAnalyzersAsync(analyzers).GetAwaiter().GetResult();
        }

        s_roslynIsWarm = true;
    }

    [Benchmark(Baseline = true)]
    public int Compile() => _compiler.CompileOnly();

    [Benchmark]
    public Task<AnalyzedCompilation> CompileWithEmptyAnalyzer() => _compiler.CompileWithAnalyzersAsync(_emptyAnalyzer);

    [Benchmark]
    public Task<AnalyzedCompilation> CompileWithOperationFloor() => _compiler.CompileWithAnalyzersAsync(_operationFloor);

    [Benchmark]
    public Task<AnalyzedCompilation> CompileWithWsAnalyzers() => _compiler.CompileWithAnalyzersAsync(_wsAnalyzers);

    [Benchmark]
    public Task<AnalyzedCompilation> CompileWithMeziantou() => _compiler.CompileWithAnalyzersAsync(_meziantouAnalyzers);

    /// <summary>
    /// One operation takes seconds (tens of seconds with Meziantou), so one invocation per iteration and
    /// three measured iterations: 10 cases x (1 jitting + 1 warm-up + 3 measured) = 50 compilations, about
    /// 12 minutes on 2 cores at the default 1,000 files.
    /// In-process, because the corpus size chosen on the command line lives in a static and because a
    /// separate build of a generated host project would eat a minute of that budget.
    /// </summary>
    private sealed class ShortInProcessConfig : ManualConfig
    {
        public ShortInProcessConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithId("ShortInProcess"));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
