using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>Which connect a retry path repeats; each must back off, and the message says which one does not.</summary>
internal enum ReconnectPhase
{
    /// <summary>The code does not show whether the path follows a failed connect or a dropped connection.</summary>
    Unknown,

    /// <summary>The path repeats a connect that failed, and stops once one succeeds.</summary>
    FirstConnect,

    /// <summary>The path runs again when an established connection ends.</summary>
    AfterDrop,
}

/// <summary>
/// Tells a first-connect retry from a reconnect after a drop: a pass that receives on what it connected runs again only
/// when that connection ends; a loop that leaves once connected, or a retry made from the catch of the connect, repeats
/// failed first connects. Only the path's own code and the bodies of the calls it makes (one level) are read.
/// </summary>
internal static class ReconnectPhases
{
    /// <summary>The phase of <paramref name="path"/>: read from its code only when a diagnostic needs the words.</summary>
    public static ReconnectPhase Of(ReconnectPaths type, ReconnectPath path)
    {
        switch (path.Kind)
        {
            case ReconnectPathKind.Loop or ReconnectPathKind.PeriodicTimer when path.Loop is not null:
                return OfLoop(type, path.Loop, path.ConnectStep);
            case ReconnectPathKind.Recursion when path.ThroughMethod is not null:
                return OfCallBack(type, path.Scope, path.ThroughMethod);
            case ReconnectPathKind.Cycle when path.ThroughMethod is not null:
                return type.Connects.Calls.Target(path.Connect, type.CancellationToken) is { } target
                    && type.Connects.Calls.Code.Body(target, type.CancellationToken) is { } targetBody
                    ? OfCallBack(type, targetBody, path.ThroughMethod)
                    : ReconnectPhase.Unknown;
            default:
                return path.Phase;
        }
    }

    private static ReconnectPhase OfLoop(ReconnectPaths type, ILoopOperation loop, IOperation step)
    {
        if (Receives(type, loop.Body, loop, followCalls: true))
        {
            return ReconnectPhase.AfterDrop;
        }

        return ReconnectPaths.LeavesAfterSuccess(loop, step) || StopsOnceConnected(type, loop, step)
            ? ReconnectPhase.FirstConnect
            : ReconnectPhase.Unknown;
    }

    /// <summary>
    /// <c>while (ws.State != WebSocketState.Open)</c>, or <c>while (!connected)</c> with <c>connected</c> set after the
    /// connect outside a catch: the loop ends with the first connection that holds.
    /// </summary>
    private static bool StopsOnceConnected(ReconnectPaths type, ILoopOperation loop, IOperation step)
    {
        var condition = loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };
        if (condition is null)
        {
            return false;
        }

        var exitsWhen = loop is IWhileLoopOperation { ConditionIsUntil: true };
        if (SocketStateCondition.Establishes(SocketFact.Open, condition, exitsWhen, type.Symbols.WebSockets))
        {
            return true;
        }

        foreach (var operand in condition.DescendantsAndSelf())
        {
            var flag = operand.ReferencedSymbol();
            if (operand.Type?.SpecialType != SpecialType.System_Boolean || flag is not (ILocalSymbol or IFieldSymbol))
            {
                continue;
            }

            var writes = new List<IOperation>();
            SymbolWrites.Collect(loop.Body, flag, writes);
            foreach (var write in writes)
            {
                if (write.Syntax.SpanStart > step.Syntax.SpanStart && !ReconnectPaths.IsInCatchOrDeferredCode(write, loop))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The phase of a method that retries by calling <paramref name="retried"/> from <paramref name="body"/>: itself, or
    /// for a cycle, the method that calls it back.
    /// </summary>
    private static ReconnectPhase OfCallBack(ReconnectPaths type, IOperation body, IMethodSymbol retried)
    {
        if (DropEventRetry.SaysDropped(retried.Name) || Receives(type, body, body, followCalls: true))
        {
            return ReconnectPhase.AfterDrop;
        }

        var phase = ReconnectPhase.Unknown;
        foreach (var operation in body.Descendants())
        {
            if (operation is not IInvocationOperation call
                || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, retried.OriginalDefinition))
            {
                continue;
            }

            if (InDropHandler(call, body))
            {
                return ReconnectPhase.AfterDrop;
            }

            if (InCatch(call, body))
            {
                phase = ReconnectPhase.FirstConnect;
            }
        }

        return phase;
    }

    /// <summary>True when <paramref name="call"/> runs in a lambda subscribed to a close, disconnect or error event.</summary>
    private static bool InDropHandler(IOperation call, IOperation scope)
    {
        for (var current = call.Parent; current is not null && !ReferenceEquals(current, scope); current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation { Parent: IDelegateCreationOperation { Parent: { } creationUser } }
                && creationUser.WithoutConversionsUpward() is IEventAssignmentOperation { Adds: true, EventReference: IEventReferenceOperation reference }
                && DropEventRetry.SaysDropped(reference.Event.Name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InCatch(IOperation operation, IOperation scope)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, scope); current = current.Parent)
        {
            if (current is ICatchClauseOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="region"/> (outside its catch clauses and deferred code) receives on a WebSocket,
    /// itself or, with <paramref name="followCalls"/>, in the body of a method of the compilation it calls.
    /// </summary>
    private static bool Receives(ReconnectPaths type, IOperation region, IOperation scope, bool followCalls)
    {
        foreach (var operation in region.Descendants())
        {
            if (operation is not IInvocationOperation call || ReconnectPaths.IsInCatchOrDeferredCode(call, scope))
            {
                continue;
            }

            if (call.TargetMethod.Name == "ReceiveAsync" && type.Symbols.WebSockets.IsWebSocket(call.TargetMethod.ContainingType))
            {
                return true;
            }

            if (followCalls
                && !call.TargetMethod.DeclaringSyntaxReferences.IsEmpty
                && type.Connects.Calls.Code.Body(call.TargetMethod, type.CancellationToken) is { } callee
                && Receives(type, callee, callee, followCalls: false))
            {
                return true;
            }
        }

        return false;
    }
}
