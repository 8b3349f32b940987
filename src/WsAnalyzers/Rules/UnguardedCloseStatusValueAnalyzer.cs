using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.Rules;

/// <summary>
/// WS0004, unguarded shape: <c>socket.CloseStatus.Value</c> on a WebSocket where nothing shows the status is
/// set. After an abnormal closure the socket is Aborted and CloseStatus is null, so <c>.Value</c> throws.
/// A receive result's CloseStatus is not this rule's business: it is set whenever MessageType is Close.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnguardedCloseStatusValueAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.AbnormalClosureIgnored);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartWhereSpelled(Mentions.CloseStatus, RegisterActions);
    }

    private static void RegisterActions(CompilationStartAnalysisContext start)
    {
        start.RegisterOperationWalkWhereMentioned(
            Mentions.CloseStatus,
            WebSocketSymbols.OnFirstUse(start.Compilation),
            AnalyzePropertyReference,
            ImmutableArray.Create(OperationKind.PropertyReference));
    }

    private static void AnalyzePropertyReference(MentionedOperationContext context, WebSocketSymbols symbols)
    {
        var valueRead = (IPropertyReferenceOperation)context.Operation;
        if (valueRead.Property.Name != "Value"
            || valueRead.Instance is not IPropertyReferenceOperation closeStatus
            || !CloseStatusSource.IsSocketCloseStatus(closeStatus, symbols)
            || CloseStatusGuard.IsGuarded(valueRead, closeStatus, symbols, context.CancellationToken))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(AbnormalClosure.ShapeProperty, AbnormalClosure.UnguardedValueShape);
        if (closeStatus.Instance is { } socket && SideEffectFreeExpression.IsRepeatable(socket))
        {
            properties = properties.Add(AbnormalClosure.SocketProperty, socket.WithoutImplicitConversions().Syntax.ToString());
        }

        var message = "'CloseStatus.Value' throws InvalidOperationException after an abnormal closure (1006), when the socket " +
            "is Aborted and CloseStatus is null; check HasValue or use '??' first";
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.AbnormalClosureIgnored, valueRead.Syntax.GetLocation(), properties, message));
    }
}
