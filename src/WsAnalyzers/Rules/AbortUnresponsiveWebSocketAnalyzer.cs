using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.Rules;

/// <summary>
/// WS0003: <c>CloseAsync</c> where the code already knows the peer is gone: in a catch for the
/// exceptions a broken connection raises, or in a branch taken because a heartbeat failed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AbortUnresponsiveWebSocketAnalyzer : DiagnosticAnalyzer
{
    public const string EvidenceProperty = "Evidence";
    public const string CatchEvidence = "Catch";
    public const string HeartbeatEvidence = "Heartbeat";

    /// <summary>Set on a call that reaches the close in another method: there is no close call here to rewrite.</summary>
    public const string ReachedCloseProperty = "ReachedClose";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.AbortUnresponsiveWebSocket);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        // Any name: the failure-path walk starts wherever a file names WebSocket code, not only at close calls.
        context.RegisterCompilationStartWhereSpelled(Mentions.All, RegisterActions);
    }

    private static void RegisterActions(CompilationStartAnalysisContext start)
    {
        var symbols = WebSocketSymbols.OnFirstUse(start.Compilation, s => s.CloseAsync is not null);
        start.RegisterOperationWalkWhereMentioned(Mentions.CloseCall, symbols, AnalyzeInvocation, ImmutableArray.Create(OperationKind.Invocation));
        start.RegisterFailurePathCallWalk(symbols, ReportReachedClose);
    }

    private static void AnalyzeInvocation(MentionedOperationContext context, WebSocketSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "CloseAsync"
            || !invocation.TargetMethod.IsOrOverrides(symbols.CloseAsync))
        {
            return;
        }

        var evidence = UnresponsivePeerEvidence.Find(invocation, symbols);
        if (evidence is null || BoundedClose.IsBounded(invocation, symbols))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(
            EvidenceProperty,
            evidence.Value.IsCatch ? CatchEvidence : HeartbeatEvidence);

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.AbortUnresponsiveWebSocket,
            invocation.Syntax.GetLocation(),
            properties,
            invocation.TargetMethod.Name,
            evidence.Value.Explanation));
    }

    private static void ReportReachedClose(FailurePathCall call, SemanticModelAnalysisContext context)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(ReachedCloseProperty, call.Close.Owner);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.AbortUnresponsiveWebSocket,
            call.Invocation.Syntax.GetLocation(),
            additionalLocations: new[] { call.Close.Location },
            properties,
            $"{call.Invocation.TargetMethod.Name}' → '{call.Close.Owner}' → 'CloseAsync",
            call.Explanation));
    }
}
