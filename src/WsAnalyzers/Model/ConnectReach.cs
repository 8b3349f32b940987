using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// Where code that runs later (a timer callback, an event handler) reaches a connect: the call closest to
/// <c>ClientWebSocket.ConnectAsync</c> in its own body, or else in the body of a method of the same type it
/// calls (a handler that hands over to <c>Reconnect()</c>). One level only, so that a handler costs at most
/// the bodies it names.
/// </summary>
internal sealed class ConnectReach
{
    private ConnectReach(IInvocationOperation call, IMethodSymbol? method, IOperation body)
    {
        Call = call;
        Method = method;
        Body = body;
    }

    /// <summary>The call that connects, directly or through the project's own code.</summary>
    public IInvocationOperation Call { get; }

    /// <summary>The method whose body holds <see cref="Call"/>; null for a lambda handler's own body.</summary>
    public IMethodSymbol? Method { get; }

    public IOperation Body { get; }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    public static ConnectReach? Find(ReconnectPaths type, IMethodSymbol? handler, IOperation handlerBody)
    {
        if (Strongest(type, handlerBody) is { } direct)
        {
            // A handler that hands over to a method of its type retries what that method does: look inside it.
            return Inside(type, handler, direct) ?? new ConnectReach(direct, handler, handlerBody);
        }

        foreach (var operation in handlerBody.Descendants())
        {
            if (operation is IInvocationOperation invocation && Inside(type, handler, invocation) is { } reach)
            {
                return reach;
            }
        }

        return null;
    }

    private static ConnectReach? Inside(ReconnectPaths type, IMethodSymbol? handler, IInvocationOperation invocation)
    {
        var calls = type.Connects.Calls;
        return calls.Target(invocation, type.CancellationToken) is IMethodSymbol callee
            && type.Declares(callee)
            && !SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, handler?.OriginalDefinition)
            && calls.Code.Body(callee, type.CancellationToken) is { } body
            && Strongest(type, body) is { } call
            ? new ConnectReach(call, callee, body)
            : null;
    }

    /// <summary>The call in <paramref name="body"/> that is closest to <c>ClientWebSocket.ConnectAsync</c>; null when it does not connect.</summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public static IInvocationOperation? Strongest(ReconnectPaths type, IOperation body)
    {
        IInvocationOperation? best = null;
        var bestDepth = int.MaxValue;
        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation invocation
                && MayLeadToConnect(type, invocation.TargetMethod)
                && type.Connects.Depth(type.Connects.Calls.Target(invocation, type.CancellationToken) ?? invocation.TargetMethod, type.CancellationToken) is { } depth
                && depth < bestDepth)
            {
                best = invocation;
                bestDepth = depth;
            }
        }

        return best;
    }

    /// <summary>
    /// A call that may lead to the socket's connect: one whose name says it connects (<see cref="ConnectMethods.MayConnect"/>,
    /// where every other reconnect search starts), a delegate's invocation (a connection factory held in a field), or a
    /// method of the type itself. Another type's <c>InvokeAsync</c> or <c>LogAsync</c> in a handler is never searched,
    /// so its body is not bound.
    /// </summary>
    private static bool MayLeadToConnect(ReconnectPaths type, IMethodSymbol method)
    {
        return ConnectMethods.MayConnect(method.Name)
            || method.MethodKind == MethodKind.DelegateInvoke
            || type.Declares(method);
    }
}
