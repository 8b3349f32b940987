using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// Code that runs after a watchdog loop ends: a loop whose body leaves it (<c>break</c>) on a branch taken because a
/// heartbeat check says the peer is unresponsive. What follows the loop is where a watchdog acts on a dead peer.
/// </summary>
internal static class WatchdogLoopExit
{
    /// <summary>True when a statement before <paramref name="operation"/>, in its block or an enclosing one, is such a loop.</summary>
    public static bool Precedes(IOperation operation)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (child.IsExecutionBoundary())
            {
                return false;
            }

            if (parent is not IBlockOperation block)
            {
                continue;
            }

            foreach (var statement in block.Operations)
            {
                if (ReferenceEquals(statement, child))
                {
                    break;
                }

                if (statement is ILoopOperation loop && BreaksOnUnresponsivePeer(loop))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool BreaksOnUnresponsivePeer(ILoopOperation loop)
    {
        foreach (var descendant in loop.Body.Descendants())
        {
            if (descendant is IBranchOperation { BranchKind: BranchKind.Break } exit
                && SymbolEqualityComparer.Default.Equals(exit.Target, loop.ExitLabel)
                && TakenWhenPeerIsUnresponsive(exit, loop))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TakenWhenPeerIsUnresponsive(IOperation exit, ILoopOperation loop)
    {
        var child = exit;
        for (var parent = exit.Parent; parent is not null && !ReferenceEquals(child, loop); child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional
                && !ReferenceEquals(child, conditional.Condition)
                && HeartbeatFailureCondition.SaysPeerIsUnresponsive(conditional.Condition, ReferenceEquals(child, conditional.WhenTrue)))
            {
                return true;
            }
        }

        return false;
    }
}
