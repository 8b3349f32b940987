using Microsoft.CodeAnalysis;

namespace WsAnalyzers;

/// <summary>The one place where WsAnalyzers' descriptors are declared.</summary>
internal static class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor MissingDeadPeerDetection = Create(
        RuleIdentifiers.MissingDeadPeerDetection,
        title: "Detect a dead WebSocket peer with a keep-alive timeout or a heartbeat",
        messageFormat: "{0}; a peer that disappears without a close frame goes unnoticed",
        RuleCategories.WebSockets,
        DiagnosticSeverity.Warning,
        description: "A peer that vanishes without a close frame (pulled cable, dropped NAT mapping, lost host) " +
            "leaves the socket looking open until TCP gives up, often a quarter of an hour. A keep-alive interval " +
            "alone sends unsolicited pongs that expect no answer; only a ping with a deadline (KeepAliveTimeout on " +
            ".NET 9 and later) or an application heartbeat notices that the peer is gone.");

    public static readonly DiagnosticDescriptor AbortUnresponsiveWebSocket = Create(
        RuleIdentifiers.AbortUnresponsiveWebSocket,
        title: "Abort an unresponsive WebSocket instead of closing it",
        messageFormat: "'{0}' waits for the peer's close frame, but {1}; call Abort() (or CloseOrAbortAsync) instead",
        RuleCategories.WebSockets,
        DiagnosticSeverity.Warning,
        description: "CloseAsync sends a close frame and then waits for the peer to answer with its own. " +
            "A dead or unresponsive peer never answers, so the call hangs, or throws because the socket " +
            "was already aborted. Where the code already knows the connection is broken, Abort() ends it at once.");

    /// <summary>
    /// One descriptor for the rule's four shapes; each analyzer supplies the whole message, naming its shape.
    /// </summary>
    public static readonly DiagnosticDescriptor AbnormalClosureIgnored = Create(
        RuleIdentifiers.AbnormalClosureIgnored,
        title: "Handle abnormal closure (1006) the way System.Net.WebSockets reports it",
        messageFormat: "{0}",
        RuleCategories.WebSockets,
        DiagnosticSeverity.Warning,
        description: "Browsers report a connection that ended without a close frame as close code 1006. " +
            "System.Net.WebSockets never does: WebSocketCloseStatus has no 1006, CloseAsync rejects it, and an abnormal " +
            "closure surfaces as a WebSocketException with WebSocketErrorCode ConnectionClosedPrematurely (or an " +
            "OperationCanceledException after an abort), State Aborted and CloseStatus null. Code that swallows that " +
            "exception loses the failure, code that waits for 1006 never sees it, and CloseStatus.Value throws. " +
            "A close frame must not carry 1005, 1006, 1015 or a code below 1000: the runtime throws for all but 1005, " +
            "which it sends although RFC 6455 forbids it.");

    public static readonly DiagnosticDescriptor ReconnectWithoutBackoff = Create(
        RuleIdentifiers.ReconnectWithoutBackoff,
        title: "Reconnect with exponential backoff and random jitter",
        messageFormat: "'{0}' is retried {1} {2}; wait with exponential backoff and random jitter so that clients do not reconnect in synchronized waves",
        RuleCategories.WebSockets,
        DiagnosticSeverity.Warning,
        description: "When a server restarts, all its clients lose their connection at the same moment. Clients that retry " +
            "at once, or after a fixed or merely growing delay, come back together in waves that can knock the server over " +
            "again. A delay that grows exponentially up to a cap, randomised over its whole range (full jitter), spreads " +
            "the reconnects out; reset it once a connection has been established.");

    public static readonly DiagnosticDescriptor ClientWebSocketReused = Create(
        RuleIdentifiers.ClientWebSocketReused,
        title: "Create a new ClientWebSocket for each connection attempt",
        messageFormat: "'{0}' is reused for another ConnectAsync {1}, which throws: a ClientWebSocket connects only once; create a new instance for each attempt",
        RuleCategories.WebSockets,
        DiagnosticSeverity.Warning,
        description: "A ClientWebSocket is single-use. After its first ConnectAsync, a second call on the same instance throws " +
            "InvalidOperationException (\"The WebSocket has already been started\") or, once the socket has been disposed " +
            "(which a failed connect does by itself), ObjectDisposedException. A reconnect must create a new instance.");

    public static readonly DiagnosticDescriptor UnboundedClose = Create(
        RuleIdentifiers.UnboundedClose,
        title: "Give the WebSocket close handshake a time limit",
        messageFormat: "'CloseAsync' waits for the peer's close frame, but its token {0}, {1}; close with a time limit and Abort() when it expires (or CloseOrAbortAsync)",
        RuleCategories.WebSockets,
        DiagnosticSeverity.Warning,
        description: "CloseAsync sends a close frame and then waits for the peer's. A peer that is gone never answers, so " +
            "a CloseAsync whose cancellation token can never fire waits until something else ends the connection: forever, " +
            "unless a KeepAliveTimeout (.NET 9 and later) aborts the socket. Stop, Dispose and disconnect paths that close " +
            "this way hang on a dead server. Close with a token that has a time limit and Abort() the socket when it expires.");

    public static readonly DiagnosticDescriptor SessionsNotClosedOnShutdown = Create(
        RuleIdentifiers.SessionsNotClosedOnShutdown,
        title: "Close WebSocket sessions when the application stops",
        messageFormat: "'{0}' accepts a WebSocket session that nothing in this project links to ApplicationStopping: on shutdown the host aborts it and clients get 1006 at every deploy; close it with 1001 (Going Away) when the application stops",
        RuleCategories.WebSockets,
        DiagnosticSeverity.Warning,
        description: "When an ASP.NET Core application stops, the host waits for running requests, WebSocket sessions " +
            "included, and then aborts them: every client sees an abnormal closure (1006) and reconnects at once. " +
            "Nothing closes a raw WebSocket for the application, as SignalR does for its connections. Close each session " +
            "with 1001 (Going Away) when IHostApplicationLifetime.ApplicationStopping fires, with a time limit and Abort() " +
            "when it expires, or accept through WsResilience.AspNetCore's tracking, which does it.");

    public static readonly DiagnosticDescriptor KeepAliveAboveProxyTimeout = Create(
        RuleIdentifiers.KeepAliveAboveProxyTimeout,
        title: "Keep the WebSocket keep-alive interval below the proxies' idle timeout",
        messageFormat: "{0}: an idle connection is dropped by a proxy or load balancer before its first ping; use a shorter interval, such as {1}",
        RuleCategories.WebSockets,
        DiagnosticSeverity.Warning,
        description: "Reverse proxies and load balancers close a connection that carries no data for their idle timeout: " +
            "60 seconds by default in nginx (proxy_read_timeout) and in AWS Application Load Balancers. A keep-alive " +
            "interval at or above that timeout lets an idle WebSocket die before its first ping, and the client sees an " +
            "abnormal closure (1006). ASP.NET Core's server pings every 2 minutes unless its WebSocketOptions say otherwise. " +
            "Set ws_analyzers.proxy_idle_timeout in .editorconfig when your proxies wait longer or shorter.");

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description)
    {
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: DocumentationLinks.ForRule(id));
    }
}
