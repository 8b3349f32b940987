using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// Decides, generously, whether a read of <c>socket.CloseStatus.Value</c> is protected against the null an
/// aborted connection leaves there. Guards that count:
/// <list type="bullet">
/// <item>an enclosing branch (if, ?:, &amp;&amp;, ||, switch section) taken because a close frame arrived or the
/// status is known: <c>CloseStatus.HasValue</c>, <c>!= null</c>, <c>is not null</c>, <c>MessageType == Close</c>,
/// <c>State == CloseReceived</c> or <c>Closed</c>, <c>State != Aborted</c>;</item>
/// <item>an earlier <c>if</c> in an enclosing block that leaves (return, throw, break, continue) when those fail;</item>
/// <item>any test of the same socket's <c>CloseStatus</c> for null earlier in the body, whatever the flow;</item>
/// <item>an enclosing try whose catch takes the InvalidOperationException <c>.Value</c> throws;</item>
/// <item>the compiler's nullable analysis knowing the status is not null (as after <c>CloseStatus == NormalClosure</c>).</item>
/// </list>
/// </summary>
internal static class CloseStatusGuard
{
    public static bool IsGuarded(
        IPropertyReferenceOperation valueRead, IPropertyReferenceOperation closeStatus, WebSocketSymbols symbols, CancellationToken cancellationToken)
    {
        // The null-forgiving operator only silences the compiler; it proves nothing about an aborted socket.
        if (!closeStatus.Syntax.Parent.IsKind(SyntaxKind.SuppressNullableWarningExpression)
            && closeStatus.SemanticModel?.GetTypeInfo(closeStatus.Syntax, cancellationToken).Nullability.FlowState == NullableFlowState.NotNull)
        {
            return true;
        }

        IOperation child = valueRead;
        for (var parent = valueRead.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when !ReferenceEquals(child, conditional.Condition):
                    if (ImpliesStatus(conditional.Condition, ReferenceEquals(child, conditional.WhenTrue), symbols))
                    {
                        return true;
                    }

                    break;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } andAlso when ReferenceEquals(child, andAlso.RightOperand):
                    if (ImpliesStatus(andAlso.LeftOperand, true, symbols))
                    {
                        return true;
                    }

                    break;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } orElse when ReferenceEquals(child, orElse.RightOperand):
                    if (ImpliesStatus(orElse.LeftOperand, false, symbols))
                    {
                        return true;
                    }

                    break;

                case ISwitchCaseOperation or ISwitchExpressionArmOperation when SocketStateCondition.CaseEstablishes(SocketFact.PeerSentClose, parent, symbols):
                    return true;

                case IBlockOperation block when EarlierStatementLeavesUnlessStatusKnown(block, child, symbols):
                    return true;

                case ITryOperation tryOperation when ReferenceEquals(child, tryOperation.Body) && CatchesInvalidOperation(tryOperation, symbols):
                    return true;
            }
        }

        return IsNullTestedEarlier(valueRead, closeStatus);
    }

    /// <summary>True when <paramref name="condition"/> having the value <paramref name="outcome"/> means CloseStatus is set.</summary>
    private static bool ImpliesStatus(IOperation condition, bool outcome, WebSocketSymbols symbols)
    {
        condition = condition.WithoutImplicitConversions();
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return ImpliesStatus(not.Operand, !outcome, symbols);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                return outcome
                    ? ImpliesStatus(and.LeftOperand, true, symbols) || ImpliesStatus(and.RightOperand, true, symbols)
                    : ImpliesStatus(and.LeftOperand, false, symbols) && ImpliesStatus(and.RightOperand, false, symbols);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                return outcome
                    ? ImpliesStatus(or.LeftOperand, true, symbols) && ImpliesStatus(or.RightOperand, true, symbols)
                    : ImpliesStatus(or.LeftOperand, false, symbols) || ImpliesStatus(or.RightOperand, false, symbols);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                when (StateConstant(comparison.LeftOperand, symbols) ?? StateConstant(comparison.RightOperand, symbols)) is { } state:
                var isEquals = comparison.OperatorKind == BinaryOperatorKind.Equals;
                return StateImpliesStatus(state, outcome == isEquals, symbols);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } statusComparison
                when ComparesCloseStatusWithValue(statusComparison):
                return outcome == (statusComparison.OperatorKind == BinaryOperatorKind.Equals);

            case IIsPatternOperation { Pattern: IConstantPatternOperation constant } when StateConstant(constant.Value, symbols) is { } patternState:
                return StateImpliesStatus(patternState, outcome, symbols);

            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation negated } } when StateConstant(negated.Value, symbols) is { } negatedState:
                return StateImpliesStatus(negatedState, !outcome, symbols);

            default:
                return SocketStateCondition.Establishes(SocketFact.PeerSentClose, condition, outcome, symbols);
        }
    }

    /// <param name="isInState">Whether the branch is taken with the socket in <paramref name="state"/>.</param>
    private static bool StateImpliesStatus(object state, bool isInState, WebSocketSymbols symbols)
    {
        if (isInState)
        {
            return Equals(state, symbols.ClosedState) || Equals(state, symbols.CloseReceivedState);
        }

        // Leaving out Aborted is how people guard against the abnormal closure; trust it.
        return Equals(state, symbols.AbortedState);
    }

    /// <summary><c>CloseStatus == WebSocketCloseStatus.NormalClosure</c>: equal to a value means not null.</summary>
    private static bool ComparesCloseStatusWithValue(IBinaryOperation comparison)
    {
        return SocketStateCondition.IsCloseStatus(comparison.LeftOperand) && IsNonNullConstant(comparison.RightOperand)
            || SocketStateCondition.IsCloseStatus(comparison.RightOperand) && IsNonNullConstant(comparison.LeftOperand);
    }

    private static bool IsNonNullConstant(IOperation operation)
    {
        var constant = operation.WithoutImplicitConversions().ConstantValue;
        return constant.HasValue && constant.Value is not null;
    }

    private static object? StateConstant(IOperation operation, WebSocketSymbols symbols)
    {
        operation = operation.WithoutImplicitConversions();
        return operation.ConstantValue.HasValue && SymbolEqualityComparer.Default.Equals(operation.Type, symbols.WebSocketState)
            ? operation.ConstantValue.Value
            : null;
    }

    private static bool EarlierStatementLeavesUnlessStatusKnown(IBlockOperation block, IOperation child, WebSocketSymbols symbols)
    {
        foreach (var statement in block.Operations)
        {
            if (ReferenceEquals(statement, child))
            {
                return false;
            }

            if (statement is IConditionalOperation { WhenFalse: null } guard
                && AlwaysLeaves(guard.WhenTrue)
                && ImpliesStatus(guard.Condition, false, symbols))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AlwaysLeaves(IOperation operation)
    {
        return operation switch
        {
            IBlockOperation { Operations.Length: > 0 } block => AlwaysLeaves(block.Operations[block.Operations.Length - 1]),
            IReturnOperation or IThrowOperation or IBranchOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } => true,
            _ => false,
        };
    }

    private static bool CatchesInvalidOperation(ITryOperation tryOperation, WebSocketSymbols symbols)
    {
        foreach (var catchClause in tryOperation.Catches)
        {
            if (catchClause.ExceptionType is INamedTypeSymbol caught && symbols.InvalidOperationException.IsOrDerivesFrom(caught))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A HasValue, null comparison or pattern on the same socket's CloseStatus, before the read.</summary>
    private static bool IsNullTestedEarlier(IPropertyReferenceOperation valueRead, IPropertyReferenceOperation closeStatus)
    {
        var receiver = closeStatus.Instance?.Syntax;
        var readStart = valueRead.Syntax.SpanStart;
        foreach (var operation in valueRead.Root().Descendants())
        {
            if (operation.Syntax.SpanStart >= readStart)
            {
                continue;
            }

            var tested = operation switch
            {
                IPropertyReferenceOperation { Property.Name: "HasValue", Instance: { } instance } => instance,
                IIsPatternOperation isPattern => isPattern.Value,
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                    when comparison.RightOperand.IsNullConstant() => comparison.LeftOperand,
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                    when comparison.LeftOperand.IsNullConstant() => comparison.RightOperand,
                _ => null,
            };

            if (tested?.WithoutImplicitConversions() is IPropertyReferenceOperation { Property.Name: "CloseStatus" } testedStatus
                && SymbolEqualityComparer.Default.Equals(testedStatus.Property, closeStatus.Property)
                && SameReceiver(testedStatus.Instance?.Syntax, receiver))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameReceiver(SyntaxNode? left, SyntaxNode? right)
    {
        return left is null || right is null
            ? left is null && right is null
            : left.IsEquivalentTo(right, topLevel: false);
    }
}
