using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// Recognises, conservatively, a branch condition that says a heartbeat failed. Two shapes count:
/// <list type="bullet">
/// <item>a liveness flag that is false: <c>!client.IsAlive</c>, <c>isAlive == false</c>,
/// <c>pongReceived is false</c>, or the else branch of <c>if (isAlive)</c>;</item>
/// <item>an expired deadline: a relational comparison in which one side names a timeout
/// (<c>timeout</c>, <c>deadline</c>), the other side does not, either side names the last sign of life
/// (<c>lastPong</c>, <c>lastMessageAt</c>, <c>sinceLastReceive</c>…), and the branch taken is the one
/// where the timeout side is the smaller: <c>now - lastPong &gt; timeout</c>,
/// <c>now &gt;= lastPong + timeout</c>, the else branch of <c>sinceLastPong.Elapsed &lt; timeout</c>.</item>
/// </list>
/// <c>a &amp;&amp; b</c> counts when its branch is taken and either side says so; <c>a || b</c> when its
/// else branch is taken and either side says so. Members declared by the framework (such as
/// <c>Thread.IsAlive</c>) are never taken for a liveness flag.
/// </summary>
internal static class HeartbeatFailureCondition
{
    private static readonly string[] s_lastActivityWords =
    {
        "message", "receive", "seen", "activity", "heartbeat", "frame", "read", "data",
    };

    /// <summary>Signs of life that come from the peer; a heartbeat alone may be one the code sent.</summary>
    private static readonly string[] s_lastReceiptWords =
    {
        "message", "receive", "seen", "activity", "frame", "read", "data", "ack", "pong",
    };

    /// <summary>What a missed-reply counter counts.</summary>
    private static readonly string[] s_replyWords = { "ack", "pong", "heartbeat", "ping" };

    /// <param name="condition">The condition of an if statement or conditional expression.</param>
    /// <param name="outcome">Which branch the code under test is in: true for the then branch.</param>
    public static bool SaysPeerIsUnresponsive(IOperation condition, bool outcome)
    {
        condition = condition.WithoutImplicitConversions();
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return SaysPeerIsUnresponsive(not.Operand, !outcome);

            case IBinaryOperation binary:
                return BinarySaysPeerIsUnresponsive(binary, outcome);

            case IIsPatternOperation isPattern when BooleanPatternValue(isPattern.Pattern) is bool matched:
                return SaysPeerIsUnresponsive(isPattern.Value, outcome == matched);

            default:
                return !outcome && IsLivenessFlag(condition);
        }
    }

    private static bool BinarySaysPeerIsUnresponsive(IBinaryOperation binary, bool outcome)
    {
        switch (binary.OperatorKind)
        {
            case BinaryOperatorKind.ConditionalAnd:
                return outcome
                    && (SaysPeerIsUnresponsive(binary.LeftOperand, true) || SaysPeerIsUnresponsive(binary.RightOperand, true));

            case BinaryOperatorKind.ConditionalOr:
                return !outcome
                    && (SaysPeerIsUnresponsive(binary.LeftOperand, false) || SaysPeerIsUnresponsive(binary.RightOperand, false));

            case BinaryOperatorKind.Equals:
            case BinaryOperatorKind.NotEquals:
                var isEquals = binary.OperatorKind == BinaryOperatorKind.Equals;
                if (BooleanConstant(binary.RightOperand) is bool right)
                {
                    return SaysPeerIsUnresponsive(binary.LeftOperand, (outcome == right) == isEquals);
                }

                if (BooleanConstant(binary.LeftOperand) is bool left)
                {
                    return SaysPeerIsUnresponsive(binary.RightOperand, (outcome == left) == isEquals);
                }

                return false;

            case BinaryOperatorKind.GreaterThan:
            case BinaryOperatorKind.GreaterThanOrEqual:
                return DeadlineExpired(smallerWhenTrue: binary.RightOperand, largerWhenTrue: binary.LeftOperand, outcome)
                    || MissedRepliesReached(smallerWhenTrue: binary.RightOperand, largerWhenTrue: binary.LeftOperand, outcome);

            case BinaryOperatorKind.LessThan:
            case BinaryOperatorKind.LessThanOrEqual:
                return DeadlineExpired(smallerWhenTrue: binary.LeftOperand, largerWhenTrue: binary.RightOperand, outcome)
                    || MissedRepliesReached(smallerWhenTrue: binary.LeftOperand, largerWhenTrue: binary.RightOperand, outcome);

            default:
                return false;
        }
    }

    private static bool DeadlineExpired(IOperation smallerWhenTrue, IOperation largerWhenTrue, bool outcome)
    {
        var deadlineOnSmallerSide = MentionsDeadline(smallerWhenTrue);
        var deadlineOnLargerSide = MentionsDeadline(largerWhenTrue);
        if ((deadlineOnSmallerSide == Deadline.None) == (deadlineOnLargerSide == Deadline.None))
        {
            return false;
        }

        var timeoutOnSmallerSide = deadlineOnSmallerSide != Deadline.None;

        // A plain interval is a deadline only against something the peer sent: against the last heartbeat the
        // code sent, it schedules the next one.
        var words = (timeoutOnSmallerSide ? deadlineOnSmallerSide : deadlineOnLargerSide) == Deadline.Interval
            ? s_lastReceiptWords
            : s_lastActivityWords;
        if (!MentionsLastActivity(smallerWhenTrue, words) && !MentionsLastActivity(largerWhenTrue, words))
        {
            return false;
        }

        // The deadline has passed when the side holding the timeout is the smaller one.
        return timeoutOnSmallerSide ? outcome : !outcome;
    }

    private static bool IsLivenessFlag(IOperation operation)
    {
        if (operation.Type?.SpecialType != SpecialType.System_Boolean
            || operation.ReferencedSymbol() is not { } symbol
            || IsFrameworkMember(symbol))
        {
            return false;
        }

        var name = SymbolNames.Normalize(symbol.Name);
        return (SymbolNames.Contains(name, "alive") && !SymbolNames.Contains(name, "keepalive"))
            || SymbolNames.Contains(name, "responsive")
            || (SymbolNames.Contains(name, "pong") && (SymbolNames.Contains(name, "received") || SymbolNames.Contains(name, "got") || SymbolNames.Contains(name, "has")));
    }

    /// <summary>
    /// A counter of unanswered heartbeats that reached its limit: <c>missedAcks &gt;= 2</c>,
    /// <c>MaxMissedPongs &lt; missedPongs</c>.
    /// </summary>
    private static bool MissedRepliesReached(IOperation smallerWhenTrue, IOperation largerWhenTrue, bool outcome)
    {
        return outcome ? IsMissedReplyCounter(largerWhenTrue) && !IsMissedReplyCounter(smallerWhenTrue)
            : IsMissedReplyCounter(smallerWhenTrue) && !IsMissedReplyCounter(largerWhenTrue);
    }

    private static bool IsMissedReplyCounter(IOperation operation)
    {
        if (operation.WithoutImplicitConversions().ReferencedSymbol() is not { } symbol || IsFrameworkMember(symbol))
        {
            return false;
        }

        var name = SymbolNames.Normalize(symbol.Name);
        if (!(SymbolNames.Contains(name, "missed") || SymbolNames.Contains(name, "unanswered") || SymbolNames.Contains(name, "pending"))
            || SymbolNames.Contains(name, "max"))
        {
            return false;
        }

        foreach (var word in s_replyWords)
        {
            if (SymbolNames.Contains(name, word))
            {
                return true;
            }
        }

        return false;
    }

    private enum Deadline
    {
        None,
        Timeout,
        Interval,
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static Deadline MentionsDeadline(IOperation operation)
    {
        var found = Deadline.None;
        foreach (var part in operation.DescendantsAndSelfThroughLocals())
        {
            if (part.ReferencedSymbol() is { } symbol)
            {
                var name = SymbolNames.Normalize(symbol.Name);
                if (SymbolNames.Contains(name, "timeout") || SymbolNames.Contains(name, "deadline"))
                {
                    return Deadline.Timeout;
                }

                if (SymbolNames.Contains(name, "interval"))
                {
                    found = Deadline.Interval;
                }
            }
        }

        return found;
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static bool MentionsLastActivity(IOperation operation, string[] words)
    {
        foreach (var part in operation.DescendantsAndSelfThroughLocals())
        {
            if (part.ReferencedSymbol() is not { } symbol || IsFrameworkMember(symbol))
            {
                continue;
            }

            var name = SymbolNames.Normalize(symbol.Name);
            if (SymbolNames.Contains(name, "pong"))
            {
                return true;
            }

            if (SymbolNames.Contains(name, "last"))
            {
                foreach (var word in words)
                {
                    if (SymbolNames.Contains(name, word))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static bool IsFrameworkMember(ISymbol symbol)
    {
        if (symbol.Kind is not (SymbolKind.Field or SymbolKind.Property))
        {
            return false;
        }

        var ns = symbol.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns?.Name is "System" or "Microsoft";
    }

    private static bool? BooleanConstant(IOperation operation)
    {
        var constant = operation.WithoutImplicitConversions().ConstantValue;
        return constant.HasValue && constant.Value is bool value ? value : null;
    }

    private static bool? BooleanPatternValue(IPatternOperation pattern)
    {
        return pattern switch
        {
            IConstantPatternOperation constant => BooleanConstant(constant.Value),
            INegatedPatternOperation { Pattern: IConstantPatternOperation negated } => !BooleanConstant(negated.Value),
            _ => null,
        };
    }
}
