using System;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WsResilience.AspNetCore;

/// <summary>
/// Connection-level log messages of <see cref="WebSocketConnectionTracker"/>. The event ids are stable and
/// documented in the README (100 and up, apart from WsResilience's client events): filter or alert on them,
/// not on the text.
/// </summary>
internal static partial class TrackingLog
{
    [LoggerMessage(EventId = 101, EventName = "WebSocketOpened", Level = LogLevel.Information,
        Message = "WebSocket {ConnectionId} opened from {RemoteEndPoint} on {Path}")]
    public static partial void Opened(ILogger logger, string connectionId, string remoteEndPoint, PathString path);

    [LoggerMessage(EventId = 102, EventName = "WebSocketClosed", Level = LogLevel.Information,
        Message = "WebSocket {ConnectionId} from {RemoteEndPoint} closed: {CloseCode} {ClosureKind} after {DurationSeconds:0.###} s")]
    public static partial void Closed(ILogger logger, string connectionId, string remoteEndPoint, int closeCode, string closureKind, double durationSeconds);

    [LoggerMessage(EventId = 103, EventName = "WebSocketLost", Level = LogLevel.Warning,
        Message = "WebSocket {ConnectionId} from {RemoteEndPoint} ended without a close frame: {CloseCode} {ClosureKind} after {DurationSeconds:0.###} s")]
    public static partial void Lost(ILogger logger, string connectionId, string remoteEndPoint, int closeCode, string closureKind, double durationSeconds, Exception? exception);

    [LoggerMessage(EventId = 104, EventName = "WebSocketsClosingOnShutdown", Level = LogLevel.Information,
        Message = "The application is stopping: closing {Count} WebSocket connections with 1001, {TimeoutSeconds} s each before abort")]
    public static partial void ClosingOnShutdown(ILogger logger, int count, double timeoutSeconds);

    [LoggerMessage(EventId = 105, EventName = "WebSocketOriginRejected", Level = LogLevel.Warning,
        Message = "WebSocket request on {Path} refused with 403: origin {Origin} is not allowed")]
    public static partial void OriginRejected(ILogger logger, PathString path, string origin);

    [LoggerMessage(EventId = 106, EventName = "WebSocketMessageTooBig", Level = LogLevel.Warning,
        Message = "WebSocket {ConnectionId} received a message over {MaxMessageBytes} bytes and closes with 1009")]
    public static partial void MessageTooBig(ILogger logger, string connectionId, int maxMessageBytes);
}
