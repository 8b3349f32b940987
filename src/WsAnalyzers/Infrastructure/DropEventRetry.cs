using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Infrastructure;

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
            || EventHandlerCode.Of(type, subscription) is not var (handler, handlerBody)
            || ConnectReach.Find(type, handler, handlerBody) is not { } reach)
        {
            return null;
        }

        var handlerName = handler.MethodKind == MethodKind.AnonymousFunction ? "a handler" : $"the handler '{handler.Name}'";
        var handedOver = !ReferenceEquals(reach.Body, handlerBody);
        return new ReconnectPath(
            ReconnectPathKind.DropEvent,
            reach.Call,
            reach.Call,
            handlerBody,
            loop: null,
            handedOver ? reach.Method : null,
            handedOver ? reach.Body : null,
            isDirect: type.Symbols.IsConnectAsync(reach.Call.TargetMethod),
            description: $"on each drop by {handlerName} of the '{reference.Event.Name}' event" + (handedOver ? $" through '{reach.Method?.Name}'" : string.Empty));
    }

    private static bool SaysDropped(string eventName)
    {
        foreach (var word in s_dropWords)
        {
            if (eventName.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
