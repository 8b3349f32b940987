using System.Net.WebSockets;

namespace WsResilience;

/// <summary>A queued outbound message; the payload is the client's own copy.</summary>
internal readonly record struct OutboundMessage(byte[] Payload, WebSocketMessageType Type);
