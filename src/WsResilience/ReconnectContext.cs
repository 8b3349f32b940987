using System;
using System.Net;

namespace WsResilience;

/// <summary>
/// What <see cref="ReconnectingWebSocketOptions.ReconnectPolicy"/> is told about a failure: a connection that ended
/// (<see cref="Closure"/>) or an attempt that failed (<see cref="ConnectError"/>, with the upgrade's HTTP status
/// and <c>Retry-After</c> when the server refused it).
/// </summary>
public sealed class ReconnectContext
{
    internal ReconnectContext(
        int attempt,
        TimeSpan elapsed,
        WebSocketClosure? closure,
        Exception? connectError,
        HttpStatusCode? httpStatusCode,
        TimeSpan? retryAfter,
        int consecutiveAuthFailures,
        TimeSpan proposedDelay)
    {
        Attempt = attempt;
        Elapsed = elapsed;
        Closure = closure;
        ConnectError = connectError;
        HttpStatusCode = httpStatusCode;
        RetryAfter = retryAfter;
        ConsecutiveAuthFailures = consecutiveAuthFailures;
        ProposedDelay = proposedDelay;
    }

    /// <summary>The number of the attempt a reconnect would be, counting from 1 after the last stable connection.</summary>
    public int Attempt { get; }

    /// <summary>How long the client has been without a connection: since the last one ended, or since it started.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>How the connection ended, when a connection ended; otherwise <see langword="null"/>.</summary>
    public WebSocketClosure? Closure { get; }

    /// <summary>Why the attempt failed, when an attempt failed; otherwise <see langword="null"/>.</summary>
    public Exception? ConnectError { get; }

    /// <summary>The HTTP status the server answered the upgrade with instead of 101, when it did.</summary>
    public HttpStatusCode? HttpStatusCode { get; }

    /// <summary>The <c>Retry-After</c> of a refused upgrade (seconds or a date), when the server sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// How many failures in a row said the credentials were refused: upgrades answered 401 or 403, and connections
    /// closed with 1008 (policy violation, which servers also use for an expired token). This one included.
    /// </summary>
    public int ConsecutiveAuthFailures { get; }

    /// <summary>The delay the client would wait: the backoff's, raised to <see cref="RetryAfter"/> or to <see cref="ReconnectingWebSocketOptions.ServerBusyDelay"/> after 1012/1013.</summary>
    public TimeSpan ProposedDelay { get; }

    /// <summary>What the client decides without a policy (see the README's retry rules).</summary>
    public ReconnectDecision DefaultDecision { get; internal set; }
}
