using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WsAnalyzers.Benchmarks.Analyzers;

/// <summary>
/// The shape of a WsAnalyzers rule with the work taken out: it resolves a few WebSocket types at compilation
/// start, then registers one semantic-model action per file that returns at once. Seven of them cost the
/// driver what our seven analyzers' registrations cost it, so WsAnalyzers measured against this set shows what
/// our own work adds, and the spread between it and the empty floor shows how fine this machine can measure.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PerFileNoopAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] s_typesResolved =
    {
        "System.Net.WebSockets.WebSocket",
        "System.Net.WebSockets.ClientWebSocket",
        "System.Net.WebSockets.WebSocketException",
        "System.Net.WebSockets.WebSocketCloseStatus",
        "System.OperationCanceledException",
        "System.Threading.CancellationTokenSource",
    };

    private static readonly DiagnosticDescriptor s_neverReported = new(
        id: "WSBENCH0002",
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
        context.RegisterCompilationStartAction(static start =>
        {
            foreach (var name in s_typesResolved)
            {
                _ = start.Compilation.GetTypeByMetadataName(name);
            }

            start.RegisterSemanticModelAction(static _ => { });
        });
    }
}
