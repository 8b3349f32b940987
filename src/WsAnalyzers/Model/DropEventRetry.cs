using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Model;

/// <summary>
/// A reconnect run by the handler of a close, disconnect or error event (the project's own wrapper's events included):
/// each drop of the new connection raises the event again, so the handler is a retry path, and the wait before
/// its connect (in the handler, or in the type's method it hands over to) is what the reconnect rule judges.
/// </summary>
internal static class DropEventRetry
{
    private static readonly string[] s_dropWords = { "Close", "Disconnect", "Error", "Drop", "Lost", "Fault" };

    public static ReconnectPath? Find(ReconnectPaths type, IEventAssignmentOperation subscription)
    {
        if (subscription.EventReference is not IEventReferenceOperation reference
            || !SaysDropped(reference.Event.Name)
            || EventHandlerCode.Of(type, subscription) is not var (handler, handlerBody))
        {
            return null;
        }

        var handlerName = handler.MethodKind == MethodKind.AnonymousFunction ? "a handler" : $"the handler '{handler.Name}'";
        return FromDropCode(type, ReconnectPathKind.DropEvent, handler, handlerBody, $"{handlerName} of the '{reference.Event.Name}' event");
    }

    /// <summary>
    /// The retry path of code that runs on each drop (an event handler, an overridden hook): null when it does not connect.
    /// <paramref name="runner"/> names that code in the message.
    /// </summary>
    public static ReconnectPath? FromDropCode(ReconnectPaths type, ReconnectPathKind kind, IMethodSymbol handler, IOperation handlerBody, string runner)
    {
        if (ConnectReach.Find(type, handler, handlerBody) is not { } reach)
        {
            return null;
        }

        var handedOver = !ReferenceEquals(reach.Body, handlerBody);
        return new ReconnectPath(
            kind,
            reach.Call,
            reach.Call,
            handlerBody,
            loop: null,
            handedOver ? reach.Method : null,
            handedOver ? reach.Body : null,
            isDirect: type.Symbols.IsConnectAsync(reach.Call.TargetMethod),
            description: $"by {runner}" + (handedOver ? $" through '{reach.Method?.Name}'" : string.Empty),
            phase: ReconnectPhase.AfterDrop);
    }

    /// <summary>True for a name that says the connection ended badly: <c>Closed</c>, <c>OnDisconnected</c>, <c>ConnectionLost</c>.</summary>
    public static bool SaysDropped(string name)
    {
        foreach (var word in s_dropWords)
        {
            if (name.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
