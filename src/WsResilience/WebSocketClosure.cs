using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace WsResilience;

/// <summary>
/// How a WebSocket connection ended, in one value: the close code as browsers report it (1006 when no
/// close frame arrived), what kind of ending that was, whether reconnecting can help, and the root cause.
/// </summary>
public sealed class WebSocketClosure
{
    /// <summary>The code browsers and Node report when a connection ended without a close frame.</summary>
    public const int AbnormalClosureCode = 1006;

    /// <summary>The code reported for a close frame that carried no code.</summary>
    public const int NoStatusCode = 1005;

    private WebSocketClosure(WebSocketClosureKind kind, int code, string? description, Exception? error)
    {
        Kind = kind;
        Code = code;
        Description = string.IsNullOrEmpty(description) ? null : description;
        Error = error;
        RootCause = FindRootCause(error);
        SocketError = Find<SocketException>(error)?.SocketErrorCode;
        WebSocketError = Find<WebSocketException>(error)?.WebSocketErrorCode;
    }

    /// <summary>What kind of ending this was.</summary>
    public WebSocketClosureKind Kind { get; }

    /// <summary>The close code: the peer's, 1005 for a close frame without one, or 1006 when no close frame arrived.</summary>
    public int Code { get; }

    /// <summary>The peer's close reason, if it gave one.</summary>
    public string? Description { get; }

    /// <summary>Whether the connection ended without a close handshake (code 1006).</summary>
    public bool IsAbnormal => Code == AbnormalClosureCode;

    /// <summary>
    /// Whether reconnecting can help. <see langword="false"/> for <see cref="WebSocketClosureKind.PolicyViolation"/>,
    /// <see cref="WebSocketClosureKind.UnsupportedData"/>, <see cref="WebSocketClosureKind.InvalidPayload"/>,
    /// <see cref="WebSocketClosureKind.MandatoryExtension"/> and <see cref="WebSocketClosureKind.Cancelled"/>:
    /// the same client would be refused again, or its owner asked it to stop.
    /// </summary>
    public bool IsRetryable => Kind is not (WebSocketClosureKind.PolicyViolation
        or WebSocketClosureKind.UnsupportedData
        or WebSocketClosureKind.InvalidPayload
        or WebSocketClosureKind.MandatoryExtension
        or WebSocketClosureKind.Cancelled);

    /// <summary>Whether the peer asked for a longer wait before reconnecting (1012 service restart, 1013 try again later).</summary>
    public bool AsksForLongerWait => Kind is WebSocketClosureKind.ServiceRestart or WebSocketClosureKind.TryAgainLater;

    /// <summary>The exception that ended the connection, if any.</summary>
    public Exception? Error { get; }

    /// <summary>The innermost exception of <see cref="Error"/>'s chain: the <see cref="SocketException"/> or <see cref="IOException"/> behind a <see cref="WebSocketException"/>.</summary>
    public Exception? RootCause { get; }

    /// <summary>The socket error in <see cref="Error"/>'s chain, such as <see cref="System.Net.Sockets.SocketError.ConnectionReset"/>.</summary>
    public SocketError? SocketError { get; }

    /// <summary>The <see cref="WebSocketException.WebSocketErrorCode"/> in <see cref="Error"/>'s chain.</summary>
    public WebSocketError? WebSocketError { get; }

    /// <summary>
    /// Classifies how <paramref name="socket"/>'s connection ended.
    /// </summary>
    /// <param name="socket">The socket whose connection ended.</param>
    /// <param name="error">The exception a receive, send or close failed with, if any.</param>
    /// <returns>
    /// The peer's close code when a close frame arrived; otherwise code 1006 with kind
    /// <see cref="WebSocketClosureKind.KeepAliveTimeout"/> when a <see cref="TimeoutException"/> is in the
    /// chain or the chain has the shape of the runtime's keep-alive timeout (.NET 9+: an
    /// <see cref="OperationCanceledException"/> around a <see cref="WebSocketException"/> with
    /// <see cref="System.Net.WebSockets.WebSocketError.Faulted"/> and no further cause),
    /// <see cref="WebSocketClosureKind.Cancelled"/> for an <see cref="OperationCanceledException"/>
    /// whose token was cancelled, <see cref="WebSocketClosureKind.Abnormal"/> for any other error, and
    /// <see cref="WebSocketClosureKind.LocalAbort"/> for an aborted or disposed socket without an error.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is <see langword="null"/>.</exception>
    public static WebSocketClosure From(WebSocket socket, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(socket);

        if (socket.CloseStatus is { } status)
        {
            return FromCloseCode((int)status, socket.CloseStatusDescription, error);
        }

        if (Find<TimeoutException>(error) is not null || IsRuntimeKeepAliveTimeout(error))
        {
            return new WebSocketClosure(WebSocketClosureKind.KeepAliveTimeout, AbnormalClosureCode, null, error);
        }

        if (error is OperationCanceledException { CancellationToken.IsCancellationRequested: true })
        {
            return new WebSocketClosure(WebSocketClosureKind.Cancelled, AbnormalClosureCode, null, error);
        }

        if (error is not null)
        {
            return new WebSocketClosure(WebSocketClosureKind.Abnormal, AbnormalClosureCode, null, error);
        }

        var kind = socket.State is WebSocketState.Aborted or WebSocketState.Closed
            ? WebSocketClosureKind.LocalAbort
            : WebSocketClosureKind.Unknown;
        return new WebSocketClosure(kind, AbnormalClosureCode, null, null);
    }

    /// <summary>Classifies the close frame a receive returned.</summary>
    /// <param name="result">A receive result of type <see cref="WebSocketMessageType.Close"/>.</param>
    /// <returns>The closure the peer's close code and reason describe.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> is not a close.</exception>
    public static WebSocketClosure From(WebSocketReceiveResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.MessageType != WebSocketMessageType.Close)
        {
            throw new ArgumentException($"Only a Close result describes a closure; this one is {result.MessageType}.", nameof(result));
        }

        return FromCloseCode(result.CloseStatus is { } status ? (int)status : NoStatusCode, result.CloseStatusDescription);
    }

    /// <summary>Classifies a close code, as received in a close frame or reported by another WebSocket stack.</summary>
    /// <param name="code">The close code, 0 to 65535. 1006 is classified as <see cref="WebSocketClosureKind.Abnormal"/>.</param>
    /// <param name="description">The close reason, if any.</param>
    /// <param name="error">The exception that accompanied the close, if any.</param>
    /// <returns>The closure that code describes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> does not fit the 16 bits of a close code.</exception>
    public static WebSocketClosure FromCloseCode(int code, string? description = null, Exception? error = null)
    {
        if (code is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "A close code is a 16-bit number.");
        }

        var kind = code switch
        {
            1000 or NoStatusCode => WebSocketClosureKind.Normal,
            1001 => WebSocketClosureKind.GoingAway,
            1002 => WebSocketClosureKind.ProtocolError,
            1003 => WebSocketClosureKind.UnsupportedData,
            AbnormalClosureCode => WebSocketClosureKind.Abnormal,
            1007 => WebSocketClosureKind.InvalidPayload,
            1008 => WebSocketClosureKind.PolicyViolation,
            1009 => WebSocketClosureKind.MessageTooBig,
            1010 => WebSocketClosureKind.MandatoryExtension,
            1011 or 1014 => WebSocketClosureKind.PeerError,
            1012 => WebSocketClosureKind.ServiceRestart,
            1013 => WebSocketClosureKind.TryAgainLater,
            >= 3000 and <= 4999 => WebSocketClosureKind.Application,
            _ => WebSocketClosureKind.Unknown,
        };
        return new WebSocketClosure(kind, code, description, error);
    }

    /// <summary>Describes the closure as "code kind: reason (root cause)".</summary>
    /// <returns>A one-line description for logs.</returns>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Code} {Kind}");
        if (Description is not null)
        {
            text += ": " + Description;
        }

        if (RootCause is not null)
        {
            text += SocketError is { } socketError
                ? string.Create(CultureInfo.InvariantCulture, $" ({RootCause.GetType().Name} {socketError})")
                : $" ({RootCause.GetType().Name}: {RootCause.Message})";
        }

        return text;
    }

    private static bool IsRuntimeKeepAliveTimeout(Exception? error)
    {
        // The runtime aborts the socket from its ping timer; the pending receive then fails with an
        // OperationCanceledException ("Aborted") whose chain holds the timer's cause-less Faulted exception.
        if (error is not OperationCanceledException { CancellationToken.IsCancellationRequested: false })
        {
            return false;
        }

        return ContainsCauselessFault(error.InnerException);
    }

    private static bool ContainsCauselessFault(Exception? error) => error switch
    {
        null => false,
        WebSocketException { WebSocketErrorCode: System.Net.WebSockets.WebSocketError.Faulted, InnerException: null } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(ContainsCauselessFault),
        _ => ContainsCauselessFault(error.InnerException),
    };

    private static Exception? FindRootCause(Exception? error)
    {
        var current = error;
        while (current is not null)
        {
            var inner = current is AggregateException { InnerExceptions.Count: > 0 } aggregate
                ? aggregate.InnerExceptions[0]
                : current.InnerException;
            if (inner is null)
            {
                return current;
            }

            current = inner;
        }

        return null;
    }

    private static T? Find<T>(Exception? error)
        where T : Exception
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return Find<T>(aggregate.InnerExceptions[0]);
            }
        }

        return null;
    }
}
