
namespace WsAnalyzers.Model;

/// <summary>
/// What WS0004 needs to know about close code 1006 and how its analyzers talk to its fixes.
/// Browsers report a connection that ended without a close frame as 1006; System.Net.WebSockets never does
/// (it throws <c>WebSocketException</c> with <c>ConnectionClosedPrematurely</c>, moves to <c>Aborted</c> and
/// leaves <c>CloseStatus</c> null), and its <c>ValidateCloseStatus</c> rejects 1006 and 1015 on send.
/// </summary>
internal static class AbnormalClosure
{
    public const long AbnormalClosureCode = 1006;

    /// <summary>TLS handshake failure: like 1006, a code only ever reported locally, never sent.</summary>
    public const long TlsHandshakeFailureCode = 1015;

    /// <summary>
    /// "No status received" (<c>WebSocketCloseStatus.Empty</c>): what a receiver reports for a close frame without
    /// a code. The runtime sends it when asked to, but RFC 6455 forbids it in a close frame.
    /// </summary>
    public const long NoStatusCode = 1005;

    /// <summary>Diagnostic property naming which of the rule's shapes was found.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>
    /// Diagnostic property holding the source text of the socket the diagnostic is about, present only when
    /// that text can be repeated at the diagnostic's location without changing what the code does.
    /// </summary>
    public const string SocketProperty = "Socket";

    /// <summary>Diagnostic property: "true" when a comparison with 1006 is negated (<c>!=</c>, <c>is not</c>).</summary>
    public const string NegatedProperty = "Negated";

    public const string SwallowedShape = "Swallowed";

    /// <summary>A catch that handles some <c>WebSocketError</c> codes and drops the rest.</summary>
    public const string PartlySwallowedShape = "PartlySwallowed";

    /// <summary>A receive loop in an <c>async void</c> method: its failure reaches no caller.</summary>
    public const string UnobservedLoopShape = "UnobservedLoop";

    /// <summary>
    /// A receive loop that ends on the state and reports the end like a normal close: no fix, since what to pass on
    /// (an event's arguments, a log template's holes) is the author's API.
    /// </summary>
    public const string StateEndedLoopShape = "StateEndedLoop";
    public const string ComparedShape = "Compared";
    public const string SentShape = "Sent";

    /// <summary>1005 or 0-999 sent in a close frame: no fix, since only the author knows which code was meant.</summary>
    public const string ForbiddenSentShape = "ForbiddenSent";
    public const string UnguardedValueShape = "UnguardedValue";
}
