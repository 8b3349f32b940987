using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.Rules;

/// <summary>
/// WS0006: <c>CloseAsync</c> whose token can never be cancelled. The call waits for the peer's close frame, so a peer
/// that is gone keeps it waiting until something else ends the connection. WS0003 owns the closes on a path that
/// already knows the peer is gone; this rule covers every other close without a time limit.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnboundedCloseAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Set when the close is blocked on synchronously: the fix must keep the caller synchronous.</summary>
    public const string BlockingProperty = "Blocking";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnboundedClose);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartWhereSpelled(Mentions.CloseCall, RegisterActions);
    }

    private static void RegisterActions(CompilationStartAnalysisContext start)
    {
        start.RegisterOperationWalkWhereMentioned(
            Mentions.CloseCall,
            KeepAliveSymbols.OnFirstUse(start.Compilation, s => s.CloseAsync is not null),
            Analyze,
            ImmutableArray.Create(OperationKind.Invocation, OperationKind.Invalid));
    }

    private static void Analyze(MentionedOperationContext context, KeepAliveSymbols symbols)
    {
        var close = context.Operation;
        IOperation? socket;
        string? tokenExplanation;
        if (close is IInvalidOperation invalid)
        {
            socket = UnboundedCloseCall.UnboundReceiver(invalid, symbols.WebSockets);
            tokenExplanation = "is CancellationToken.None";
        }
        else
        {
            socket = ((IInvocationOperation)close).Instance;
            tokenExplanation = UnboundedCloseCall.Explain(close, symbols.WebSockets, context.CancellationToken);
        }

        if (socket is null
            || tokenExplanation is null
            || UnresponsivePeerEvidence.Find(close, symbols.WebSockets) is not null
            || CloseKeepAliveBound.Applies(socket, symbols, context.CancellationToken))
        {
            return;
        }

        var blocking = SyncWait.Of(close).Blocks;
        var properties = blocking
            ? ImmutableDictionary<string, string?>.Empty.Add(BlockingProperty, "true")
            : ImmutableDictionary<string, string?>.Empty;
        var consequence = blocking
            ? "and the thread blocks on it, so this call can block forever"
            : "so it waits forever for a peer that never answers";

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.UnboundedClose,
            close.Syntax.GetLocation(),
            properties,
            tokenExplanation,
            consequence));
    }
}
