using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>What a branch condition can establish about a WebSocket's state.</summary>
internal enum SocketFact
{
    /// <summary>
    /// The peer has sent its close frame: <c>result.MessageType == WebSocketMessageType.Close</c>,
    /// <c>socket.State == WebSocketState.CloseReceived</c>, <c>CloseStatus.HasValue</c> or
    /// <c>CloseStatus != null</c>. Closing there completes a handshake the peer started.
    /// </summary>
    PeerSentClose,

    /// <summary>
    /// The socket is still open: <c>socket.State == WebSocketState.Open</c>. After a cancelled or failed
    /// socket operation the state is Aborted, so code under this guard is not on the broken path.
    /// </summary>
    Open,
}

/// <summary>
/// Decides whether the branch of an <c>if</c> (or <c>?:</c>, or a switch section) establishes a
/// <see cref="SocketFact"/>. Understands <c>!</c>, <c>==</c>, <c>!=</c>, <c>is</c> / <c>is not</c> constant
/// patterns, <c>&amp;&amp;</c> in the then branch and <c>||</c> in the else branch.
/// </summary>
internal static class SocketStateCondition
{
    /// <param name="outcome">Which branch the code under test is in: true for the then branch.</param>
    public static bool Establishes(SocketFact fact, IOperation condition, bool outcome, WebSocketSymbols symbols)
    {
        condition = condition.WithoutImplicitConversions();
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Establishes(fact, not.Operand, !outcome, symbols);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                return outcome && (Establishes(fact, and.LeftOperand, true, symbols) || Establishes(fact, and.RightOperand, true, symbols));

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                return !outcome && (Establishes(fact, or.LeftOperand, false, symbols) || Establishes(fact, or.RightOperand, false, symbols));

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                var isEquals = comparison.OperatorKind == BinaryOperatorKind.Equals;
                if (IsFactConstant(fact, comparison.LeftOperand, symbols) || IsFactConstant(fact, comparison.RightOperand, symbols))
                {
                    return outcome == isEquals;
                }

                if (fact == SocketFact.PeerSentClose
                    && (IsCloseStatus(comparison.LeftOperand) && comparison.RightOperand.IsNullConstant()
                        || IsCloseStatus(comparison.RightOperand) && comparison.LeftOperand.IsNullConstant()))
                {
                    return outcome != isEquals;
                }

                return false;

            case IIsPatternOperation isPattern:
                return PatternEstablishes(fact, isPattern.Value, isPattern.Pattern, outcome, symbols);

            case IPropertyReferenceOperation { Property.Name: "HasValue", Instance: { } instance }
                when fact == SocketFact.PeerSentClose && IsCloseStatus(instance):
                return outcome;

            default:
                return false;
        }
    }

    /// <summary>True for a switch section or switch-expression arm selected by a constant that establishes <paramref name="fact"/>.</summary>
    public static bool CaseEstablishes(SocketFact fact, IOperation caseOperation, WebSocketSymbols symbols)
    {
        switch (caseOperation)
        {
            case ISwitchCaseOperation section:
                foreach (var clause in section.Clauses)
                {
                    if (clause is ISingleValueCaseClauseOperation single && IsFactConstant(fact, single.Value, symbols)
                        || clause is IPatternCaseClauseOperation { Pattern: IConstantPatternOperation constant } && IsFactConstant(fact, constant.Value, symbols))
                    {
                        return true;
                    }
                }

                return false;

            case ISwitchExpressionArmOperation { Pattern: IConstantPatternOperation armConstant }:
                return IsFactConstant(fact, armConstant.Value, symbols);

            default:
                return false;
        }
    }

    private static bool PatternEstablishes(SocketFact fact, IOperation value, IPatternOperation pattern, bool outcome, WebSocketSymbols symbols)
    {
        switch (pattern)
        {
            case INegatedPatternOperation negated:
                return PatternEstablishes(fact, value, negated.Pattern, !outcome, symbols);

            case IConstantPatternOperation constant when IsFactConstant(fact, constant.Value, symbols):
                return outcome;

            case IConstantPatternOperation constant when fact == SocketFact.PeerSentClose && constant.Value.IsNullConstant() && IsCloseStatus(value):
                return !outcome;

            default:
                return false;
        }
    }

    private static bool IsFactConstant(SocketFact fact, IOperation operation, WebSocketSymbols symbols)
    {
        operation = operation.WithoutImplicitConversions();
        var constant = operation.ConstantValue;
        if (!constant.HasValue || operation.Type is not { } type)
        {
            return false;
        }

        var isState = SymbolEqualityComparer.Default.Equals(type, symbols.WebSocketState);
        return fact switch
        {
            SocketFact.PeerSentClose =>
                SymbolEqualityComparer.Default.Equals(type, symbols.WebSocketMessageType) && Equals(constant.Value, symbols.CloseMessageType)
                || isState && Equals(constant.Value, symbols.CloseReceivedState),
            SocketFact.Open => isState && Equals(constant.Value, symbols.OpenState),
            _ => false,
        };
    }

    /// <summary>A read of a System.Net.WebSockets <c>CloseStatus</c> property (a socket's or a receive result's).</summary>
    public static bool IsCloseStatus(IOperation operation)
    {
        return operation.WithoutImplicitConversions() is IPropertyReferenceOperation { Property.Name: "CloseStatus" } property
            && property.Property.ContainingNamespace?.ToDisplayString() == "System.Net.WebSockets";
    }
}
