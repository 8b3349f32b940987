using System;
using System.Net.WebSockets;
using System.Text;

namespace WsResilience;

/// <summary>A whole message received by <see cref="ReconnectingWebSocket"/>, its fragments already joined.</summary>
/// <param name="Type">Text or binary.</param>
/// <param name="Payload">The message bytes. The memory belongs to the receiver; it is never reused by the client.</param>
public readonly record struct WebSocketMessage(WebSocketMessageType Type, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Decodes the payload as UTF-8 text.</summary>
    /// <returns>The text of the message.</returns>
    public string GetText() => Encoding.UTF8.GetString(Payload.Span);
}
