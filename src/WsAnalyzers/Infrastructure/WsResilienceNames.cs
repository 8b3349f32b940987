
namespace WsAnalyzers.Infrastructure;

/// <summary>
/// Metadata names of the WsResilience helpers. The analyzers never reference that assembly: they find
/// its types by name, so the helpers light up only in projects that reference the package.
/// </summary>
internal static class WsResilienceNames
{
    public const string WebSocketExtensions = "WsResilience.WebSocketExtensions";
    public const string CloseOrAbortAsync = "CloseOrAbortAsync";
    public const string WebSocketHeartbeat = "WsResilience.WebSocketHeartbeat";
    public const string HeartbeatConfigure = "Configure";
    public const string HeartbeatWatch = "Watch";

    /// <summary><c>WebSocketClosure.From(WebSocket socket, Exception? error = null)</c> classifies how a connection ended.</summary>
    public const string WebSocketClosure = "WsResilience.WebSocketClosure";
    public const string WebSocketClosureFrom = "From";
    public const string WebSocketClosureIsAbnormal = "IsAbnormal";
    public const string WebSocketClosureCode = "Code";

    /// <summary>The options of WsResilience's reconnecting client, whose heartbeat is always on for the sockets its factory makes.</summary>
    public const string ReconnectingWebSocketOptions = "WsResilience.ReconnectingWebSocketOptions";

    public const string ReconnectBackoff = "WsResilience.ReconnectBackoff";
    public const string ReconnectBackoffNextDelay = "NextDelay";
    /// <summary>Starts the stability window: the attempt counter resets only once the connection has lasted.</summary>
    public const string ReconnectBackoffRecordConnected = "RecordConnected";

    /// <summary>WsResilience.AspNetCore's accept helpers: <c>AcceptTrackedWebSocketAsync(this HttpContext, string? subProtocol = null)</c>.</summary>
    public const string HttpContextWebSocketExtensions = "WsResilience.AspNetCore.HttpContextWebSocketExtensions";
    public const string AcceptTrackedWebSocketAsync = "AcceptTrackedWebSocketAsync";

    /// <summary>Registers the tracker that closes every tracked socket with 1001 when the application stops.</summary>
    public const string AddWebSocketTracking = "AddWebSocketTracking";
    public const string WebSocketConnectionTracker = "WsResilience.AspNetCore.WebSocketConnectionTracker";
}
