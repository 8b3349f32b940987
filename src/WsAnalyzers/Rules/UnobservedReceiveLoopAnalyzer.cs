using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.Rules;

/// <summary>
/// WS0004 on receive loops. Unobserved shape: a receive loop in an <c>async void</c> method (or local function) with no
/// catch for the <c>WebSocketException</c> a dropped connection raises. The exception ends the loop and reaches no caller:
/// nothing awaits the method, so nobody learns that the connection dropped, and the process may crash on it.
/// State-ended shape (<see cref="StateEndedReceiveLoop"/>): a loop that ends when the state is no longer Open and then
/// reports the end as a normal close, so a drop looks like a close to whoever hears it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnobservedReceiveLoopAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.AbnormalClosureIgnored);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartWhereSpelled(Mentions.Receive, RegisterActions);
    }

    private static void RegisterActions(CompilationStartAnalysisContext start)
    {
        start.RegisterOperationWalkWhereMentioned(
            Mentions.Receive,
            WebSocketSymbols.OnFirstUse(start.Compilation, s => s.WebSocketException is not null),
            Analyze,
            ImmutableArray.Create(OperationKind.Invocation));
    }

    private static void Analyze(MentionedOperationContext context, WebSocketSymbols symbols)
    {
        var receive = (IInvocationOperation)context.Operation;
        if (receive.TargetMethod.Name != "ReceiveAsync" || !symbols.IsWebSocket(receive.TargetMethod.ContainingType))
        {
            return;
        }

        ReportStateEndedLoop(context, receive, symbols);
        if (FailureEscapesLoopOf(receive, symbols) is not { } method)
        {
            return;
        }

        var message = $"'{method.Name}' is async void and lets the abnormal closure of its '{receive.TargetMethod.Name}' loop " +
            "(WebSocketException, ConnectionClosedPrematurely) escape: no caller can observe it, so nobody learns the connection " +
            "dropped; return a Task the owner awaits, or catch the failure and report it";
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AbnormalClosure.ShapeProperty, AbnormalClosure.UnobservedLoopShape);
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AbnormalClosureIgnored, receive.Syntax.GetLocation(), properties, message));
    }

    private static void ReportStateEndedLoop(MentionedOperationContext context, IInvocationOperation receive, WebSocketSymbols symbols)
    {
        var code = SourceCode.For(receive.SemanticModel!.Compilation);
        if (StateEndedReceiveLoop.Find(receive, symbols, member => code.Body(member, context.CancellationToken)) is not { } loop)
        {
            return;
        }

        var message = $"The receive loop of '{loop.LoopName}' ends when the socket is no longer Open and then {loop.Report}, as if the peer " +
            "had closed normally: after a drop (1006) the state is Aborted and CloseStatus is null, so whoever hears it cannot tell; " +
            "report CloseStatus and State (or WebSocketClosure.From(socket)) with the end";
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AbnormalClosure.ShapeProperty, AbnormalClosure.StateEndedLoopShape);
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AbnormalClosureIgnored, loop.Condition.Syntax.GetLocation(), properties, message));
    }

    /// <summary>
    /// The async void method around <paramref name="receive"/> when the receive runs in a loop and no catch between
    /// it and the method takes the exception; null otherwise.
    /// </summary>
    private static IMethodSymbol? FailureEscapesLoopOf(IInvocationOperation receive, WebSocketSymbols symbols)
    {
        var inLoop = false;
        IOperation child = receive;
        for (var parent = receive.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case ILoopOperation:
                    inLoop = true;
                    break;
                case ITryOperation tryOperation when ReferenceEquals(tryOperation.Body, child) && WebSocketExceptionCatch.AnyTakes(tryOperation, symbols):
                    return null;
                case ILocalFunctionOperation localFunction:
                    return inLoop && IsAsyncVoid(localFunction.Symbol) ? localFunction.Symbol : null;
                case IAnonymousFunctionOperation:
                    return null;
            }

            if (parent.Parent is null)
            {
                var method = parent.SemanticModel?.GetDeclaredSymbol(parent.Syntax) as IMethodSymbol;
                return inLoop && method is not null && IsAsyncVoid(method) ? method : null;
            }
        }

        return null;
    }

    private static bool IsAsyncVoid(IMethodSymbol method) => method.IsAsync && method.ReturnsVoid;
}
