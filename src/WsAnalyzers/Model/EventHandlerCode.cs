using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>The code an <c>event += handler</c> subscription runs: a lambda's body, or the body of the method group in the compilation.</summary>
internal static class EventHandlerCode
{
    public static (IMethodSymbol Handler, IOperation Body)? Of(ReconnectPaths type, IEventAssignmentOperation subscription)
    {
        if (!subscription.Adds || subscription.HandlerValue.WithoutImplicitConversions() is not IDelegateCreationOperation { Target: { } target })
        {
            return null;
        }

        switch (target)
        {
            case IAnonymousFunctionOperation lambda:
                return (lambda.Symbol, lambda.Body);
            case IMethodReferenceOperation reference
                when type.Connects.Calls.Target(reference, type.CancellationToken) is IMethodSymbol method
                    && type.Connects.Calls.Code.Body(method, type.CancellationToken) is { } body:
                return (method, body);
            default:
                return null;
        }
    }
}
