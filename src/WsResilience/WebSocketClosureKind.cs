namespace WsResilience;

/// <summary>Why a WebSocket connection ended, grouped by what a client should do about it.</summary>
public enum WebSocketClosureKind
{
    /// <summary>The reason could not be determined (an unassigned or unregistered close code, or no evidence at all).</summary>
    Unknown,

    /// <summary>1000, or a close frame without a code (reported as 1005): the peer finished normally.</summary>
    Normal,

    /// <summary>1001: the peer is going away, such as a server shutting down or a page navigating.</summary>
    GoingAway,

    /// <summary>1002: the peer saw a protocol violation.</summary>
    ProtocolError,

    /// <summary>1003: the peer cannot accept this kind of data. Reconnecting will not help.</summary>
    UnsupportedData,

    /// <summary>1007: a message's content was invalid (for example, text that is not UTF-8). Reconnecting will not help.</summary>
    InvalidPayload,

    /// <summary>1008: the peer refused the connection on policy grounds (authentication, rate limits). Reconnecting will not help.</summary>
    PolicyViolation,

    /// <summary>1009: a message was too big for the receiver.</summary>
    MessageTooBig,

    /// <summary>1010: the client needed an extension the server did not negotiate. Reconnecting will not help.</summary>
    MandatoryExtension,

    /// <summary>1011 (internal error) or 1014 (bad gateway): the server or a gateway failed.</summary>
    PeerError,

    /// <summary>1012: the service is restarting. Reconnect, after a longer wait.</summary>
    ServiceRestart,

    /// <summary>1013: the service is overloaded. Reconnect, after a longer wait.</summary>
    TryAgainLater,

    /// <summary>3000–4999: a code defined by a library, framework or application.</summary>
    Application,

    /// <summary>1006: the connection broke without a close frame (reset, dropped, or closed underneath).</summary>
    Abnormal,

    /// <summary>1006: the peer stopped answering and the heartbeat gave up on it.</summary>
    KeepAliveTimeout,

    /// <summary>1006: this side aborted the connection without a close handshake.</summary>
    LocalAbort,

    /// <summary>1006: this side cancelled an operation, which aborted the connection.</summary>
    Cancelled,
}
