using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WsAnalyzers.Benchmarks.Analyzers;

/// <summary>
/// The second floor: what a real <c>dotnet build</c> already pays before WsAnalyzers run. The SDK's .NET
/// analyzers (CA rules, on by default) register operation actions, so the driver builds the IOperation tree
/// of every method body and walks it whether or not our rules are installed. This analyzer registers no-op
/// operation actions for every <see cref="OperationKind"/> WsAnalyzers register and nothing else; WsAnalyzers' cost above it is the work our callbacks and per-type state add.
/// </summary>
/// <remarks>
/// Keep <see cref="Kinds"/> in step with the analyzers: <c>grep -rn "OperationKind\." src/WsAnalyzers/Rules src/WsAnalyzers/Infrastructure</c>.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OperationFloorAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The operation kinds WsAnalyzers register (WS0001: ObjectCreation, SimpleAssignment, Invocation; WS0002/WS0005: Invocation;
    /// WS0003: Invocation; WS0004: Binary, ConstantPattern, Switch, Invocation, Try, PropertyReference).</summary>
    public static readonly ImmutableArray<OperationKind> Kinds = ImmutableArray.Create(
        OperationKind.Invocation,
        OperationKind.ObjectCreation,
        OperationKind.SimpleAssignment,
        OperationKind.Binary,
        OperationKind.ConstantPattern,
        OperationKind.Switch,
        OperationKind.Try,
        OperationKind.PropertyReference);

    private static readonly DiagnosticDescriptor s_neverReported = new(
        id: "WSBENCH0001",
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
            start.RegisterOperationAction(static _ => { }, Kinds);
        });
    }
}
