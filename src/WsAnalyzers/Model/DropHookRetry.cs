using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Model;

/// <summary>
/// A reconnect run by an override of a base class's protected drop hook (<c>OnDisconnected</c>, <c>OnClosed</c>,
/// <c>OnError</c>): the base calls the hook each time the connection drops, so the override is a retry path
/// just like the handler of a close event, and is judged the same way.
/// </summary>
internal static class DropHookRetry
{
    public static ReconnectPath? Find(ReconnectPaths type, ISymbol owner, IOperation body)
    {
        if (owner is not IMethodSymbol { IsOverride: true, OverriddenMethod: { } hook } method
            || hook.DeclaredAccessibility is not (Accessibility.Protected or Accessibility.ProtectedOrInternal)
            || !DropEventRetry.SaysDropped(method.Name)
            || DropEventRetry.FromDropCode(
                type,
                ReconnectPathKind.DropHook,
                method,
                body,
                $"the override '{method.Name}' that '{hook.ContainingType.Name}' calls") is not { } path
            || RetriesOnItsOwn(type, path.Connect))
        {
            return null;
        }

        return path;
    }

    /// <summary>
    /// True when the hook calls an inherited connect method that retries in a loop of its own: the wait is that
    /// loop's, judged where the loop is written.
    /// </summary>
    private static bool RetriesOnItsOwn(ReconnectPaths type, IInvocationOperation call)
    {
        return type.Connects.Calls.Target(call, type.CancellationToken) is IMethodSymbol target
            && !type.Declares(target)
            && type.Connects.Calls.Code.Body(target, type.CancellationToken) is { } body
            && ConnectReach.Strongest(type, body) is { } inner
            && type.FindReconnectLoop(inner) is not null;
    }
}
