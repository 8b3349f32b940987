using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// A receive loop that ends when the socket's state is no longer <c>Open</c> (its condition, or an
/// <c>if (ws.State != WebSocketState.Open) break;</c> in its body), whose catch lets a dropped connection reach that
/// exit, and whose code after the exit reports the end as a normal close: it raises a close or disconnect event,
/// logs "closed" or "disconnected", or returns or completes with a constant. After a drop (1006) the state is
/// <c>Aborted</c> and <c>CloseStatus</c> is null, so whoever hears that report cannot tell a drop from a close.
/// </summary>
/// <remarks>
/// Silent when the exit code or the catch looks at how the connection ended: it reads <c>CloseStatus</c>,
/// <c>CloseStatusDescription</c> or the socket's <c>State</c>, uses <c>WebSocketClosure</c>, throws, keeps or passes on
/// the exception, or reads a variable the loop or the catch sets (a flag, a close code taken from the close frame); and when the exception propagates (no catch takes it), since
/// then only a close frame reaches the exit. Only the loop's own method is read, and the bodies of the methods its exit
/// code calls (one level).
/// </remarks>
internal sealed class StateEndedReceiveLoop
{
    private static readonly string[] s_closeWords = { "close", "disconnect", "lost", "ended", "stopped" };
    private static readonly string[] s_classifyingWords = { "error", "fault", "fail", "abort", "abnormal", "retry", "exception" };
    private static readonly string[] s_logWords = { "log", "write", "print", "trace", "debug", "info", "warn" };

    private StateEndedReceiveLoop(IOperation condition, string loopName, string report)
    {
        Condition = condition;
        LoopName = loopName;
        Report = report;
    }

    /// <summary>The check that ends the loop on the state: the loop's condition or the <c>if</c> that breaks out.</summary>
    public IOperation Condition { get; }

    /// <summary>How the message names the loop: after the method or local function it runs in.</summary>
    public string LoopName { get; }

    /// <summary>What the code after the exit does that looks like a normal close, in the message's words.</summary>
    public string Report { get; }

    /// <summary>The shape around <paramref name="receive"/>, when it is the first receive of a loop that has it; otherwise null.</summary>
    public static StateEndedReceiveLoop? Find(IInvocationOperation receive, WebSocketSymbols symbols, Func<ISymbol, IOperation?> bodyOf)
    {
        if (receive.Instance?.WithoutImplicitConversions() is not { } socket
            || EnclosingLoops(receive) is not var (loops, function))
        {
            return null;
        }

        // The loop that ends on the state may be around an inner one that reads a message's frames.
        ILoopOperation? loop = null;
        (IOperation Condition, IReadOnlyList<IOperation> Before)? exit = null;
        foreach (var candidate in loops)
        {
            if (ExitOnState(candidate, socket, symbols) is { } found)
            {
                (loop, exit) = (candidate, found);
                break;
            }
        }

        if (loop is null
            || exit is null
            || !IsFirstReceive(receive, loop, symbols)
            || DropReachingExit(receive, loop, symbols) is not { } catchClause)
        {
            return null;
        }

        var after = new List<IOperation>(exit.Value.Before);
        CollectFollowing(loop, after);
        if (Classifies(catchClause.Handler, symbols, bodyOf, catchClause)
            || ReadsValueSetIn(loop.Body, after)
            || ReadsValueSetIn(catchClause.Handler, after))
        {
            return null;
        }

        string? report = null;
        foreach (var operation in after)
        {
            if (Classifies(operation, symbols, bodyOf, catchClause: null))
            {
                return null;
            }

            report ??= NormalCloseReport(operation);
        }

        return report is null ? null : new StateEndedReceiveLoop(exit.Value.Condition, function, report);
    }

    /// <summary>The while, do and for loops around the receive in its own method, lambda or local function (innermost first), and how the message names that function.</summary>
    private static (List<ILoopOperation> Loops, string Function)? EnclosingLoops(IOperation receive)
    {
        var loops = new List<ILoopOperation>();
        for (var current = receive.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation { LoopKind: LoopKind.While or LoopKind.For } found:
                    loops.Add(found);
                    break;
                case IAnonymousFunctionOperation:
                    return loops.Count == 0 ? null : (loops, "a lambda");
                case ILocalFunctionOperation localFunction:
                    return loops.Count == 0 ? null : (loops, localFunction.Symbol.Name);
            }

            if (current.Parent is null && loops.Count > 0)
            {
                return current.SemanticModel?.GetDeclaredSymbol(current.Syntax) is IMethodSymbol method ? (loops, method.Name) : (loops, "this method");
            }
        }

        return null;
    }

    private static bool IsFirstReceive(IInvocationOperation receive, ILoopOperation loop, WebSocketSymbols symbols)
    {
        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "ReceiveAsync" } other
                && symbols.IsWebSocket(other.TargetMethod.ContainingType)
                && other.Syntax.SpanStart < receive.Syntax.SpanStart)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The state check that ends the loop: its own condition (<c>while (ws.State == WebSocketState.Open)</c>), or an
    /// <c>if (ws.State != WebSocketState.Open)</c> in its body whose branch breaks out; with the statements that branch
    /// runs before it breaks.
    /// </summary>
    private static (IOperation Condition, IReadOnlyList<IOperation> Before)? ExitOnState(ILoopOperation loop, IOperation socket, WebSocketSymbols symbols)
    {
        var condition = loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };
        if (condition is not null
            && ChecksStateOf(condition, socket, symbols)
            && SocketStateCondition.Establishes(SocketFact.Open, condition, loop is not IWhileLoopOperation { ConditionIsUntil: true }, symbols))
        {
            return (condition, Array.Empty<IOperation>());
        }

        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is IConditionalOperation { WhenTrue: { } branch } check
                && !InNestedCode(check, loop)
                && ChecksStateOf(check.Condition, socket, symbols)
                && SocketStateCondition.Establishes(SocketFact.Open, check.Condition, outcome: false, symbols)
                && BreaksOut(branch, loop) is { } before)
            {
                return (check.Condition, before);
            }
        }

        return null;
    }

    /// <summary>The statements before a final <c>break</c> of <paramref name="loop"/>; null when the branch does not end with one.</summary>
    private static IOperation[]? BreaksOut(IOperation branch, ILoopOperation loop)
    {
        var statements = branch is IBlockOperation block ? block.Operations : (IReadOnlyList<IOperation>)new[] { branch };
        if (statements.Count == 0
            || statements[statements.Count - 1] is not IBranchOperation { BranchKind: BranchKind.Break } exit
            || !SymbolEqualityComparer.Default.Equals(exit.Target, loop.ExitLabel))
        {
            return null;
        }

        var before = new IOperation[statements.Count - 1];
        for (var i = 0; i < before.Length; i++)
        {
            before[i] = statements[i];
        }

        return before;
    }

    private static bool InNestedCode(IOperation operation, ILoopOperation loop)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, loop); current = current.Parent)
        {
            if (current is ILoopOperation || current.IsExecutionBoundary())
            {
                return true;
            }
        }

        return false;
    }

    private static bool ChecksStateOf(IOperation condition, IOperation socket, WebSocketSymbols symbols)
    {
        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is IPropertyReferenceOperation { Property.Name: "State", Instance: { } instance } state
                && symbols.IsWebSocket(state.Property.ContainingType)
                && SameSocket(instance.WithoutImplicitConversions(), socket))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameSocket(IOperation a, IOperation b)
    {
        return a.ReferencedSymbol() is { } symbol
            ? SymbolEqualityComparer.Default.Equals(symbol, b.ReferencedSymbol())
                && (a is not IMemberReferenceOperation memberA || b is not IMemberReferenceOperation memberB
                    || memberA.Instance?.Syntax.ToString() == memberB.Instance?.Syntax.ToString())
            : a.Syntax.ToString() == b.Syntax.ToString();
    }

    /// <summary>
    /// The catch that takes the <c>WebSocketException</c> of a drop and lets the code go on to the loop's exit: around
    /// the receive inside the loop, or around the loop; null when the exception propagates or the catch throws or returns.
    /// </summary>
    private static ICatchClauseOperation? DropReachingExit(IOperation receive, ILoopOperation loop, WebSocketSymbols symbols)
    {
        IOperation child = receive;
        for (var parent = receive.Parent; parent is not null && !parent.IsExecutionBoundary(); child = parent, parent = parent.Parent)
        {
            if (parent is not ITryOperation tryOperation || !ReferenceEquals(tryOperation.Body, child))
            {
                continue;
            }

            foreach (var catchClause in tryOperation.Catches)
            {
                if (WebSocketExceptionCatch.Takes(catchClause, symbols))
                {
                    // The first clause that takes it is the one that runs; a filter already classifies the failure.
                    return catchClause.Filter is null && !Leaves(catchClause.Handler) ? catchClause : null;
                }
            }
        }

        return null;
    }

    /// <summary>True when the handler throws or returns: the drop does not reach the code after the loop.</summary>
    private static bool Leaves(IOperation handler)
    {
        foreach (var operation in handler.DescendantsAndSelf())
        {
            if (operation is IThrowOperation or IReturnOperation { Kind: OperationKind.Return })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The statements after the loop in its block, and after the try statements whose body ends there.</summary>
    private static void CollectFollowing(IOperation statement, List<IOperation> after)
    {
        for (var current = statement; current.Parent is not null && !current.IsExecutionBoundary(); current = current.Parent)
        {
            if (current.Parent is IBlockOperation block)
            {
                var index = IndexOf(block.Operations, current);
                if (index < 0)
                {
                    // Wrapped in something the walk does not model (a labeled statement): the code after it is unknown.
                    return;
                }

                for (var i = index + 1; i < block.Operations.Length; i++)
                {
                    after.Add(block.Operations[i]);
                }

                if (index + 1 < block.Operations.Length && !(block.Parent is ITryOperation))
                {
                    return;
                }
            }
            else if (current.Parent is ITryOperation { Finally: { } finallyBlock } tryOperation && ReferenceEquals(tryOperation.Body, current))
            {
                after.Add(finallyBlock);
            }
            else if (current.Parent is ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return;
            }
        }
    }

    private static int IndexOf(System.Collections.Immutable.ImmutableArray<IOperation> operations, IOperation operation)
    {
        for (var i = 0; i < operations.Length; i++)
        {
            if (ReferenceEquals(operations[i], operation))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// True when <paramref name="code"/> looks at how the connection ended: reads <c>CloseStatus</c>,
    /// <c>CloseStatusDescription</c> or a socket's <c>State</c>, uses <c>WebSocketClosure</c>, throws, uses the caught
    /// exception, or calls something that says it handles a failure or reconnects; or calls a method of the compilation
    /// whose body reads the close status or state.
    /// </summary>
    private static bool Classifies(IOperation? code, WebSocketSymbols symbols, Func<ISymbol, IOperation?> bodyOf, ICatchClauseOperation? catchClause)
    {
        if (code is null)
        {
            return false;
        }

        foreach (var operation in code.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "CloseStatus" or "CloseStatusDescription" or "State" } property
                    when symbols.IsWebSocket(property.Property.ContainingType):
                case IThrowOperation:
                    return true;
                case ILocalReferenceOperation local when catchClause is not null && catchClause.Locals.Contains(local.Local):
                    return true;
                case IInvocationOperation invocation:
                    if (invocation.TargetMethod.ContainingType?.ToDisplayString() == WsResilienceNames.WebSocketClosure
                        || SaysAny(invocation.TargetMethod.Name, s_classifyingWords)
                        || ConnectMethods.MayConnect(invocation.TargetMethod.Name)
                        || ReadsStatusIn(invocation.TargetMethod, symbols, bodyOf))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private static bool ReadsStatusIn(IMethodSymbol method, WebSocketSymbols symbols, Func<ISymbol, IOperation?> bodyOf)
    {
        if (method.DeclaringSyntaxReferences.IsEmpty || bodyOf(method) is not { } body)
        {
            return false;
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is IPropertyReferenceOperation { Property.Name: "CloseStatus" or "CloseStatusDescription" or "State" } property
                && symbols.IsWebSocket(property.Property.ContainingType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the loop or the catch writes a variable or field that the exit code reads: a flag that tells the drop
    /// apart, or a close code the loop took from the peer's close frame and defaults to "abnormal" otherwise.
    /// </summary>
    private static bool ReadsValueSetIn(IOperation? code, List<IOperation> after)
    {
        if (code is null)
        {
            return false;
        }

        foreach (var operation in code.Descendants())
        {
            if (operation is IAssignmentOperation assignment && assignment.Target.ReferencedSymbol() is { } flag)
            {
                foreach (var statement in after)
                {
                    foreach (var read in statement.DescendantsAndSelf())
                    {
                        if (SymbolEqualityComparer.Default.Equals(read.ReferencedSymbol(), flag))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    /// <summary>What <paramref name="statement"/> does that tells its listener "closed", in the message's words; null when nothing.</summary>
    private static string? NormalCloseReport(IOperation statement)
    {
        foreach (var operation in statement.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke } raise
                    when Raised(raise) is { } raised && SaysAny(raised.Name, s_closeWords):
                    return $"raises '{raised.Name}'";
                case IInvocationOperation call when call.TargetMethod.MethodKind == MethodKind.Ordinary
                    && call.TargetMethod.Name.StartsWith("On", StringComparison.Ordinal)
                    && SaysAny(call.TargetMethod.Name, s_closeWords):
                    return $"calls '{call.TargetMethod.Name}'";
                case IInvocationOperation call when SaysAny(call.TargetMethod.Name, s_logWords) && LoggedText(call) is { } text:
                    return $"logs \"{text}\"";
                case IInvocationOperation { TargetMethod.Name: "SetResult" or "TrySetResult" } completion when AllConstant(completion.Arguments):
                    return $"completes '{completion.Instance?.Syntax}' with no status";
                case IReturnOperation { ReturnedValue: { ConstantValue.HasValue: true } value }:
                    return $"returns '{value.Syntax}'";
            }
        }

        return null;
    }

    /// <summary>The event, field or property a delegate invocation (<c>Closed?.Invoke(…)</c>, <c>_onClose(…)</c>) calls.</summary>
    private static ISymbol? Raised(IInvocationOperation invoke)
    {
        var target = invoke.Instance;
        if (target is IConditionalAccessInstanceOperation)
        {
            for (var current = invoke.Parent; current is not null; current = current.Parent)
            {
                if (current is IConditionalAccessOperation access)
                {
                    target = access.Operation;
                    break;
                }
            }
        }

        return target?.WithoutImplicitConversions() switch
        {
            IEventReferenceOperation reference => reference.Event,
            { } other => other.ReferencedSymbol(),
            null => null,
        };
    }

    /// <summary>The first string constant argument that says the connection closed.</summary>
    private static string? LoggedText(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            foreach (var part in argument.Value.DescendantsAndSelf())
            {
                if (part.ConstantValue is { HasValue: true, Value: string text } && SaysAny(text, s_closeWords))
                {
                    return text;
                }
            }
        }

        return null;
    }

    private static bool AllConstant(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (!argument.Value.WithoutImplicitConversions().ConstantValue.HasValue)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SaysAny(string text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
