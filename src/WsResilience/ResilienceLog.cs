using System;
using Microsoft.Extensions.Logging;

namespace WsResilience;

/// <summary>
/// Log messages of <see cref="ReconnectingWebSocket"/>. The event ids are stable and documented in the README:
/// filter or alert on them, not on the text.
/// </summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = 1, EventName = "Connected", Level = LogLevel.Information,
        Message = "WebSocket {Client} connected to {Uri} (attempt {Attempt})")]
    public static partial void Connected(ILogger logger, string client, Uri uri, int attempt);

    [LoggerMessage(EventId = 2, EventName = "Disconnected", Level = LogLevel.Information,
        Message = "WebSocket {Client} closed: {CloseCode} {ClosureKind} {Description}")]
    public static partial void Disconnected(ILogger logger, string client, int closeCode, WebSocketClosureKind closureKind, string? description);

    [LoggerMessage(EventId = 3, EventName = "DisconnectedAbnormally", Level = LogLevel.Warning,
        Message = "WebSocket {Client} lost its connection: {CloseCode} {ClosureKind}")]
    public static partial void DisconnectedAbnormally(ILogger logger, string client, int closeCode, WebSocketClosureKind closureKind, Exception? exception);

    [LoggerMessage(EventId = 4, EventName = "Reconnecting", Level = LogLevel.Information,
        Message = "WebSocket {Client} reconnects in {DelayMs} ms (attempt {Attempt})")]
    public static partial void Reconnecting(ILogger logger, string client, double delayMs, int attempt);

    [LoggerMessage(EventId = 5, EventName = "ConnectFailed", Level = LogLevel.Warning,
        Message = "WebSocket {Client} could not connect to {Uri} (attempt {Attempt})")]
    public static partial void ConnectFailed(ILogger logger, string client, Uri uri, int attempt, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "MessageDropped", Level = LogLevel.Warning,
        Message = "WebSocket {Client} dropped an outbound message ({Reason}); {DroppedTotal} dropped so far")]
    public static partial void MessageDropped(ILogger logger, string client, MessageDropReason reason, long droppedTotal);

    [LoggerMessage(EventId = 7, EventName = "GaveUp", Level = LogLevel.Error,
        Message = "WebSocket {Client} stopped reconnecting: {Reason}")]
    public static partial void GaveUp(ILogger logger, string client, string reason, Exception? exception);

    [LoggerMessage(EventId = 8, EventName = "Stopped", Level = LogLevel.Information,
        Message = "WebSocket {Client} stopped")]
    public static partial void Stopped(ILogger logger, string client);

    [LoggerMessage(EventId = 9, EventName = "HandlerFailed", Level = LogLevel.Error,
        Message = "WebSocket {Client}: a {EventName} handler threw; the client carries on")]
    public static partial void HandlerFailed(ILogger logger, string client, string eventName, Exception exception);

    [LoggerMessage(EventId = 10, EventName = "MessageTooBig", Level = LogLevel.Warning,
        Message = "WebSocket {Client} received a message over {MaxMessageSize} bytes and closes with 1009")]
    public static partial void MessageTooBig(ILogger logger, string client, int maxMessageSize);

    [LoggerMessage(EventId = 11, EventName = "ReceivedMessageDropped", Level = LogLevel.Warning,
        Message = "WebSocket {Client} dropped a received message nobody read; {DroppedTotal} dropped so far")]
    public static partial void ReceivedMessageDropped(ILogger logger, string client, long droppedTotal);
}
