using System;
using System.Net.WebSockets;

namespace WsResilience;

/// <summary>Data for <see cref="ReconnectingWebSocket.MessageDropped"/>: one outbound message that will not be sent.</summary>
public sealed class MessageDroppedEventArgs : EventArgs
{
    internal MessageDroppedEventArgs(WebSocketMessageType type, ReadOnlyMemory<byte> payload, MessageDropReason reason)
    {
        Type = type;
        Payload = payload;
        Reason = reason;
    }

    /// <summary>Text or binary.</summary>
    public WebSocketMessageType Type { get; }

    /// <summary>The message, so the application can store or resend it.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Why it was dropped.</summary>
    public MessageDropReason Reason { get; }

    /// <summary>Describes the drop for logs, as "Type message of N bytes dropped (Reason)".</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Type} message of {Payload.Length} bytes dropped ({Reason})");
}
