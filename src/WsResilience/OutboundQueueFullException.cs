using System;

namespace WsResilience;

/// <summary>Thrown by <see cref="ReconnectingWebSocket"/> in <see cref="OutboundQueueFullMode.Fail"/> mode when the outbound queue is full.</summary>
public sealed class OutboundQueueFullException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public OutboundQueueFullException()
        : base("The outbound queue is full; the message was not queued.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public OutboundQueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public OutboundQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
