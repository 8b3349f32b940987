using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WsAnalyzers.Benchmarks.Analyzers;

/// <summary>
/// The floor: what hosting any analyzer at all costs (the analyzer driver, compilation events, the
/// semantic-model cache). It registers only a compilation-start action, as every WsAnalyzers rule does
/// before it checks for System.Net.WebSockets.WebSocket.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EmptyAnalyzer : DiagnosticAnalyzer
{
    // The driver skips an analyzer whose every descriptor is disabled, and treats one with no descriptors
    // the same way; an enabled descriptor that is never reported keeps the floor honest.
    private static readonly DiagnosticDescriptor s_neverReported = new(
        id: "WSBENCH0000",
        title: "Never reported",
        messageFormat: "Never reported",
        category: "Benchmark",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(s_neverReported);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
#pragma warning disable RS1012 // Registering nothing in the start action is the point: it measures the driver alone.
        context.RegisterCompilationStartAction(static _ => { });
#pragma warning restore RS1012
    }
}
