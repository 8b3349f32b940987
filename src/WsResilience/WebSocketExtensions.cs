using System;
using System.IO;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace WsResilience;

/// <summary>
/// Extension methods that make ending a <see cref="WebSocket"/> safe against peers that never answer.
/// </summary>
public static class WebSocketExtensions
{
    /// <summary>
    /// The longest accepted <c>timeout</c>: timers in .NET count milliseconds in 32 bits.
    /// </summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>
    /// Performs the close handshake for at most <paramref name="timeout"/>, then aborts the socket.
    /// </summary>
    /// <param name="socket">The socket to close.</param>
    /// <param name="status">The close status to send. 1005, 1006 and 1015 are reserved and cannot be sent.</param>
    /// <param name="description">An optional close reason, at most 123 UTF-8 bytes.</param>
    /// <param name="timeout">
    /// How long to wait for the peer's close frame. <see cref="TimeSpan.Zero"/> aborts at once without
    /// attempting the handshake. <see cref="Timeout.InfiniteTimeSpan"/> is rejected: an unbounded wait is
    /// exactly what this method exists to prevent.
    /// </param>
    /// <param name="cancellationToken">
    /// Stops waiting for the peer. Cancellation does not throw: the socket is aborted and the method
    /// returns <see langword="false"/>, so it can be used on shutdown paths that must not fail.
    /// </param>
    /// <returns>
    /// <see langword="true"/> when the close handshake completed (also when it had already completed
    /// before the call); <see langword="false"/> when the socket was aborted instead, was already
    /// aborted, was disposed before its handshake completed, or was never connected.
    /// </returns>
    /// <remarks>
    /// <para>
    /// <see cref="WebSocket.CloseAsync"/> waits for the peer's close frame with no deadline of its own, so
    /// a peer that vanished without a TCP reset makes it hang forever. This method bounds that wait: once
    /// the deadline passes the pending close is cancelled (which aborts the runtime's managed socket) and
    /// <see cref="WebSocket.Abort"/> is called as well, in case the implementation ignores cancellation.
    /// </para>
    /// <para>
    /// A socket in the <see cref="WebSocketState.CloseReceived"/> state completes the handshake by
    /// answering the peer's close. The method never throws for a socket that is already aborted, closed
    /// or disposed; it only throws for invalid arguments, and does so before touching the socket.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="timeout"/> is negative, infinite or longer than <see cref="int.MaxValue"/> milliseconds.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="status"/> cannot be sent (below 1000, 1005, 1006, 1015, above 65535), or
    /// <paramref name="description"/> is longer than 123 UTF-8 bytes.
    /// </exception>
    public static Task<bool> CloseOrAbortAsync(
        this WebSocket socket,
        WebSocketCloseStatus status,
        string? description,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
        => CloseOrAbortAsync(socket, status, description, timeout, TimeProvider.System, cancellationToken);

    /// <summary>
    /// Performs the close handshake for at most <paramref name="timeout"/> as measured by
    /// <paramref name="timeProvider"/>, then aborts the socket.
    /// </summary>
    /// <param name="socket">The socket to close.</param>
    /// <param name="status">The close status to send. 1005, 1006 and 1015 are reserved and cannot be sent.</param>
    /// <param name="description">An optional close reason, at most 123 UTF-8 bytes.</param>
    /// <param name="timeout">How long to wait for the peer's close frame; see the other overload.</param>
    /// <param name="timeProvider">The clock that measures <paramref name="timeout"/>.</param>
    /// <param name="cancellationToken">Stops waiting; the socket is aborted and the result is <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when the close handshake completed, <see langword="false"/> when the socket was aborted.</returns>
    /// <remarks>Behaves exactly like
    /// <see cref="CloseOrAbortAsync(WebSocket, WebSocketCloseStatus, string?, TimeSpan, CancellationToken)"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> or <paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative, infinite or too long.</exception>
    /// <exception cref="ArgumentException"><paramref name="status"/> or <paramref name="description"/> cannot be sent.</exception>
    public static Task<bool> CloseOrAbortAsync(
        this WebSocket socket,
        WebSocketCloseStatus status,
        string? description,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (timeout < TimeSpan.Zero || timeout > MaxTimeout)
        {
            throw new ArgumentOutOfRangeException(
                nameof(timeout),
                timeout,
                "The close timeout must be zero or positive and finite (at most int.MaxValue milliseconds); an infinite wait is what CloseOrAbortAsync prevents.");
        }

        CloseStatusRules.Validate(status, description, nameof(status), nameof(description));
        return CloseOrAbortCoreAsync(socket, status, description, timeout, timeProvider, cancellationToken);
    }

    private static async Task<bool> CloseOrAbortCoreAsync(
        WebSocket socket,
        WebSocketCloseStatus status,
        string? description,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        WebSocketState state;
        try
        {
            state = socket.State;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        switch (state)
        {
            case WebSocketState.Closed:
                // A disposed socket also reports Closed; only one that received a close status finished the handshake.
                return HasCompletedHandshake(socket);
            case WebSocketState.Open:
            case WebSocketState.CloseReceived:
            case WebSocketState.CloseSent:
                break;
            default:
                // None, Connecting, Aborted: there is no handshake to perform.
                AbortQuietly(socket);
                return false;
        }

        if (timeout == TimeSpan.Zero || cancellationToken.IsCancellationRequested)
        {
            AbortQuietly(socket);
            return false;
        }

        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var callerCancellation = cancellationToken.UnsafeRegister(
            static source => ((CancellationTokenSource)source!).Cancel(),
            deadline);

        Task closing;
        try
        {
            closing = socket.CloseAsync(status, description, deadline.Token);
        }
        catch (Exception exception) when (IsTeardownFailure(exception))
        {
            AbortQuietly(socket);
            return HasCompletedHandshake(socket);
        }

        if (!closing.IsCompleted)
        {
            // The deadline both cancels the close and releases this wait, so an implementation that
            // ignores the token cannot hold the caller past the timeout.
            var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (deadline.Token.UnsafeRegister(static s => ((TaskCompletionSource)s!).TrySetResult(), released))
            {
                await Task.WhenAny(closing, released.Task).ConfigureAwait(false);
            }
        }

        if (closing.IsCompletedSuccessfully)
        {
            return true;
        }

        AbortQuietly(socket);
        ObserveFault(closing);
        return false;
    }

    private static bool HasCompletedHandshake(WebSocket socket)
    {
        try
        {
            return socket.State == WebSocketState.Closed && socket.CloseStatus is not null;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private static bool IsTeardownFailure(Exception exception)
        => exception is WebSocketException
            or ObjectDisposedException
            or InvalidOperationException
            or OperationCanceledException
            or IOException;

    private static void AbortQuietly(WebSocket socket)
    {
        try
        {
            socket.Abort();
        }
        catch (ObjectDisposedException)
        {
            // Abort after Dispose is a no-op in the runtime's sockets; third-party ones may object.
        }
    }

    private static void ObserveFault(Task task)
    {
        if (task.IsCompleted)
        {
            _ = task.Exception;
            return;
        }

        _ = task.ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
