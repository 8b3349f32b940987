using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// A retry scheduled on a timer: a method that connects starts a <c>System.Threading.Timer</c> whose callback
/// runs the method again (directly or within three calls). The timer's due time is the wait before the next
/// attempt, so it is what the reconnect rule judges; a due time of <c>Timeout.Infinite</c> schedules nothing.
/// </summary>
internal static class TimerRetry
{
    public static ReconnectPath? Find(ReconnectPaths type, IObjectCreationOperation creation, IMethodSymbol function, IOperation body)
    {
        IOperation? callback = null;
        IOperation? dueTime = null;
        foreach (var argument in creation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "callback":
                    callback = argument.Value.WithoutImplicitConversions();
                    break;
                case "dueTime":
                    dueTime = argument.Value;
                    break;
            }
        }

        if (callback is not IDelegateCreationOperation { Target: { } target }
            || dueTime is null
            || !RunsAgain(type, target, function)
            || ConnectReach.Strongest(type, body) is not { } connect)
        {
            return null;
        }

        return new ReconnectPath(
            ReconnectPathKind.Timer, connect, creation, body, loop: null, function, throughBody: null, isDirect: false, scheduledDelay: dueTime);
    }

    /// <summary>The callback is the method, or a method or lambda whose calls reach it again.</summary>
    private static bool RunsAgain(ReconnectPaths type, IOperation target, IMethodSymbol function)
    {
        var calls = type.Connects.Calls;
        if (target is IMethodReferenceOperation reference)
        {
            return calls.Target(reference, type.CancellationToken) is { } method
                && (SymbolEqualityComparer.Default.Equals(method, function.OriginalDefinition) || calls.Reaches(method, function, type.CancellationToken));
        }

        if (target is IAnonymousFunctionOperation lambda)
        {
            foreach (var operation in lambda.Body.Descendants())
            {
                if (operation is IInvocationOperation invocation
                    && calls.Target(invocation, type.CancellationToken) is { } callee
                    && (SymbolEqualityComparer.Default.Equals(callee, function.OriginalDefinition) || calls.Reaches(callee, function, type.CancellationToken)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
