namespace WsAnalyzers;

/// <summary>
/// Every diagnostic ID WsAnalyzers reports. IDs are never reused: a retired rule keeps its number
/// so that suppressions and .editorconfig entries in users' code never change meaning.
/// </summary>
public static class RuleIdentifiers
{
    public const string MissingDeadPeerDetection = "WS0001";
    public const string ReconnectWithoutBackoff = "WS0002";
    public const string AbortUnresponsiveWebSocket = "WS0003";
    public const string AbnormalClosureIgnored = "WS0004";
    public const string ClientWebSocketReused = "WS0005";
    public const string UnboundedClose = "WS0006";
    public const string SessionsNotClosedOnShutdown = "WS0007";
    public const string KeepAliveAboveProxyTimeout = "WS0008";
}
