using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// Recognises code that runs because the peer has sent its close frame: a branch or switch section taken
/// for <c>result.MessageType == WebSocketMessageType.Close</c>, <c>socket.State == WebSocketState.CloseReceived</c>
/// or <c>result.CloseStatus.HasValue</c> / <c>!= null</c>. Closing there completes a handshake the peer
/// started, so it cannot hang.
/// </summary>
internal static class PeerCloseCondition
{
    public static bool SaysPeerSentClose(IOperation condition, bool outcome, WebSocketSymbols symbols)
    {
        condition = condition.WithoutImplicitConversions();
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return SaysPeerSentClose(not.Operand, !outcome, symbols);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                return outcome && (SaysPeerSentClose(and.LeftOperand, true, symbols) || SaysPeerSentClose(and.RightOperand, true, symbols));

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                return !outcome && (SaysPeerSentClose(or.LeftOperand, false, symbols) || SaysPeerSentClose(or.RightOperand, false, symbols));

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                var isEquals = comparison.OperatorKind == BinaryOperatorKind.Equals;
                if (IsPeerCloseConstant(comparison.LeftOperand, symbols) || IsPeerCloseConstant(comparison.RightOperand, symbols))
                {
                    return outcome == isEquals;
                }

                if (IsCloseStatus(comparison.LeftOperand) && comparison.RightOperand.IsNullConstant()
                    || IsCloseStatus(comparison.RightOperand) && comparison.LeftOperand.IsNullConstant())
                {
                    return outcome != isEquals;
                }

                return false;

            case IIsPatternOperation isPattern:
                return PatternSaysPeerSentClose(isPattern.Value, isPattern.Pattern, outcome, symbols);

            case IPropertyReferenceOperation { Property.Name: "HasValue", Instance: { } instance } when IsCloseStatus(instance):
                return outcome;

            default:
                return false;
        }
    }

    /// <summary>True for a switch section or arm selected by a close message type or CloseReceived state.</summary>
    public static bool IsPeerCloseCase(IOperation caseOperation, WebSocketSymbols symbols)
    {
        switch (caseOperation)
        {
            case ISwitchCaseOperation section:
                foreach (var clause in section.Clauses)
                {
                    if (clause is ISingleValueCaseClauseOperation single && IsPeerCloseConstant(single.Value, symbols)
                        || clause is IPatternCaseClauseOperation { Pattern: IConstantPatternOperation constant } && IsPeerCloseConstant(constant.Value, symbols))
                    {
                        return true;
                    }
                }

                return false;

            case ISwitchExpressionArmOperation { Pattern: IConstantPatternOperation armConstant }:
                return IsPeerCloseConstant(armConstant.Value, symbols);

            default:
                return false;
        }
    }

    private static bool PatternSaysPeerSentClose(IOperation value, IPatternOperation pattern, bool outcome, WebSocketSymbols symbols)
    {
        switch (pattern)
        {
            case INegatedPatternOperation negated:
                return PatternSaysPeerSentClose(value, negated.Pattern, !outcome, symbols);

            case IConstantPatternOperation constant when IsPeerCloseConstant(constant.Value, symbols):
                return outcome;

            case IConstantPatternOperation constant when constant.Value.IsNullConstant() && IsCloseStatus(value):
                return !outcome;

            default:
                return false;
        }
    }

    private static bool IsPeerCloseConstant(IOperation operation, WebSocketSymbols symbols)
    {
        operation = operation.WithoutImplicitConversions();
        var constant = operation.ConstantValue;
        if (!constant.HasValue || operation.Type is not { } type)
        {
            return false;
        }

        return SymbolEqualityComparer.Default.Equals(type, symbols.WebSocketMessageType) && Equals(constant.Value, symbols.CloseMessageType)
            || SymbolEqualityComparer.Default.Equals(type, symbols.WebSocketState) && Equals(constant.Value, symbols.CloseReceivedState);
    }

    /// <summary>A read of a System.Net.WebSockets <c>CloseStatus</c> property (a socket's or a receive result's).</summary>
    public static bool IsCloseStatus(IOperation operation)
    {
        return operation.WithoutImplicitConversions() is IPropertyReferenceOperation { Property.Name: "CloseStatus" } property
            && property.Property.ContainingNamespace?.ToDisplayString() == "System.Net.WebSockets";
    }
}
