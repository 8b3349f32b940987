using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// A <c>CloseAsync</c> that can neither hang nor throw: its token comes from a
/// <c>CancellationTokenSource</c> with a deadline, and a <c>try</c> around it aborts the same socket when
/// the deadline (or the broken connection) makes the close fail. That is the cure WS0003 asks for when
/// WsResilience is not at hand, so it is silent on it wherever it stands.
/// </summary>
internal static class BoundedClose
{
    public static bool IsBounded(IInvocationOperation close, WebSocketSymbols symbols)
    {
        var token = close.Arguments.FirstOrDefault(argument => argument.Parameter?.Ordinal == 2)?.Value.WithoutImplicitConversions();
        if (token is not IPropertyReferenceOperation { Property.Name: "Token", Instance: { } source }
            || !IsCancellationTokenSource(source.Type)
            || !HasDeadline(source, close.Root()))
        {
            return false;
        }

        var socket = close.Instance?.ReferencedSymbol();
        if (socket is null)
        {
            return false;
        }

        IOperation child = close;
        for (var parent = close.Parent; parent is not null && !child.IsExecutionBoundary(); child = parent, parent = parent.Parent)
        {
            if (parent is ITryOperation attempt && ReferenceEquals(child, attempt.Body)
                && attempt.Catches.Any(clause => CatchesCancellation(clause, symbols) && Aborts(clause.Handler, socket, symbols)))
            {
                return true;
            }
        }

        return false;
    }

    // `new CancellationTokenSource(delay).Token`, or a source stored in a local or field that is created with a
    // delay or given one by CancelAfter in the same body.
    private static bool HasDeadline(IOperation source, IOperation body)
    {
        if (source.WithoutImplicitConversions() is IObjectCreationOperation creation)
        {
            return creation.Arguments.Length > 0;
        }

        var stored = source.ReferencedSymbol();
        if (stored is null)
        {
            return false;
        }

        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, stored)
                    && (declarator.Initializer?.Value ?? declarator.GetVariableInitializer()?.Value)?.WithoutImplicitConversions() is IObjectCreationOperation { Arguments.Length: > 0 }:
                case ISimpleAssignmentOperation assignment when SymbolEqualityComparer.Default.Equals(assignment.Target.ReferencedSymbol(), stored)
                    && assignment.Value.WithoutImplicitConversions() is IObjectCreationOperation { Arguments.Length: > 0 }:
                case IInvocationOperation { TargetMethod.Name: "CancelAfter", Instance: { } instance }
                    when SymbolEqualityComparer.Default.Equals(instance.ReferencedSymbol(), stored):
                    return true;
            }
        }

        return false;
    }

    private static bool CatchesCancellation(ICatchClauseOperation clause, WebSocketSymbols symbols) =>
        symbols.OperationCanceledException is { } cancelled && cancelled.IsOrDerivesFrom(clause.ExceptionType as INamedTypeSymbol);

    private static bool Aborts(IOperation handler, ISymbol socket, WebSocketSymbols symbols) =>
        handler.Descendants().OfType<IInvocationOperation>().Any(call =>
            call.TargetMethod.Name == "Abort"
            && call.TargetMethod.Parameters.Length == 0
            && symbols.IsWebSocket(call.TargetMethod.ContainingType)
            && call.Instance is { } target
            && SymbolEqualityComparer.Default.Equals(target.ReferencedSymbol(), socket));

    private static bool IsCancellationTokenSource(ITypeSymbol? type) =>
        type is INamedTypeSymbol
        {
            Name: "CancellationTokenSource",
            ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } },
        };
}
