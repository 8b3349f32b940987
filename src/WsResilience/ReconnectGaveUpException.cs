using System;

namespace WsResilience;

/// <summary>
/// The error <see cref="ReconnectingWebSocket.Completion"/> faults with when the client stopped on its own:
/// the retry policy refused a closure or a failed attempt, or the backoff's attempts ran out. A stop asked
/// for with <see cref="ReconnectingWebSocket.StopAsync(System.Threading.CancellationToken)"/> or <see cref="ReconnectingWebSocket.DisposeAsync"/>
/// completes <see cref="ReconnectingWebSocket.Completion"/> without an error instead.
/// </summary>
public sealed class ReconnectGaveUpException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ReconnectGaveUpException()
        : base("The client stopped reconnecting.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the client stopped.</param>
    public ReconnectGaveUpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the last failed attempt's error.</summary>
    /// <param name="message">Why the client stopped.</param>
    /// <param name="innerException">The error of the last failed connection attempt.</param>
    public ReconnectGaveUpException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal ReconnectGaveUpException(string message, WebSocketClosure? lastClosure, Exception? lastConnectError)
        : base(message, lastConnectError)
    {
        LastClosure = lastClosure;
    }

    /// <summary>
    /// How the last connection ended when that closure made the client stop, or <see langword="null"/> when a
    /// failed connection attempt did (its error is the <see cref="Exception.InnerException"/>).
    /// </summary>
    public WebSocketClosure? LastClosure { get; }
}
