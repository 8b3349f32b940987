using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// An application-level dead-peer check: a branch taken when the peer has been silent past a deadline, or a
/// liveness flag is down (see <see cref="HeartbeatFailureCondition"/>), that does something about it: reconnects,
/// aborts, disposes, cancels, raises an error or throws. A branch that only logs detects nothing anyone acts on.
/// </summary>
internal static class Watchdog
{
    public static bool ActsOnExpiredDeadline(IConditionalOperation conditional)
    {
        return HeartbeatFailureCondition.SaysPeerIsUnresponsive(conditional.Condition, true) && Acts(conditional.WhenTrue)
            || conditional.WhenFalse is { } whenFalse
                && HeartbeatFailureCondition.SaysPeerIsUnresponsive(conditional.Condition, false)
                && Acts(whenFalse);
    }

    private static bool Acts(IOperation branch)
    {
        foreach (var operation in branch.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IThrowOperation:
                    return true;
                case IBranchOperation { BranchKind: BranchKind.Break } exit when ActsAfterLoop(exit):
                    return true;
                case IInvocationOperation or IInvalidOperation when CallsSomething(operation):
                    return true;
            }
        }

        return false;
    }

    /// <summary>A call that is not logging; an unresolved call (a project whose packages are not restored) counts.</summary>
    private static bool CallsSomething(IOperation operation)
    {
        return operation switch
        {
            IInvocationOperation invocation => !IsLogging(invocation.TargetMethod),
            IInvalidOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax } => true,
            _ => false,
        };
    }

    /// <summary>
    /// <c>while (connected) { if (expired) break; … }</c> followed by a disconnect: the watchdog loop ends on the
    /// expired deadline and the code after it acts.
    /// </summary>
    private static bool ActsAfterLoop(IBranchOperation exit)
    {
        var loop = exit.Parent;
        while (loop is not null and not ILoopOperation and not ISwitchOperation && !loop.IsExecutionBoundary())
        {
            loop = loop.Parent;
        }

        if (loop is not ILoopOperation || loop.Parent is not IBlockOperation block)
        {
            return false;
        }

        var after = false;
        foreach (var statement in block.Operations)
        {
            if (after)
            {
                foreach (var operation in statement.DescendantsAndSelf())
                {
                    if (CallsSomething(operation))
                    {
                        return true;
                    }
                }
            }

            after |= ReferenceEquals(statement, loop);
        }

        return false;
    }

    private static bool IsLogging(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString();
        return ns is "Microsoft.Extensions.Logging" or "System.Diagnostics"
            || type.Name is "Console" or "Debug" or "Trace"
            || SymbolNames.Contains(SymbolNames.Normalize(type.Name), "log")
            || SymbolNames.Normalize(method.Name).StartsWith("log", System.StringComparison.Ordinal);
    }
}
