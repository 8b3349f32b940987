using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WsResilience.AspNetCore;

/// <summary>
/// Every WebSocket accepted with <see cref="HttpContextWebSocketExtensions.AcceptTrackedWebSocketAsync"/>, from
/// accept to the end of its request. When the application stops (<see cref="IHostApplicationLifetime.ApplicationStopping"/>)
/// it closes all of them at once with 1001 (endpoint unavailable, "Server shutting down"), each bounded by
/// <see cref="WebSocketTrackingOptions.ShutdownCloseTimeout"/> and aborted after it, so that clients see a
/// close frame instead of the 1006 they get when the host aborts the requests at its shutdown timeout.
/// Registered as a singleton by <see cref="WebSocketTrackingServiceCollectionExtensions.AddWebSocketTracking"/>.
/// </summary>
public sealed class WebSocketConnectionTracker : IDisposable
{
    private readonly ConcurrentDictionary<TrackedConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly WebSocketTrackingOptions _options;
    private readonly TimeSpan _shutdownCloseTimeout;
    private readonly TrackingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _shutdownCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _activeCount;
    private int _shuttingDown;

    internal WebSocketConnectionTracker(WebSocketTrackingOptions options, TimeSpan hostShutdownTimeout, TrackingMetrics metrics, ILogger<WebSocketConnectionTracker> logger)
    {
        _options = options;
        // The closes must end before the host stops waiting for the requests, or it aborts them (1006) itself.
        _shutdownCloseTimeout = hostShutdownTimeout == Timeout.InfiniteTimeSpan
            ? options.ShutdownCloseTimeout
            : TimeSpan.FromTicks(Math.Min(options.ShutdownCloseTimeout.Ticks, hostShutdownTimeout.Ticks * 3 / 4));
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>How many tracked WebSockets are open: accepted and their request not yet ended.</summary>
    public int ActiveCount => Volatile.Read(ref _activeCount);

    /// <summary>
    /// Cancelled once the application is stopping and every tracked socket's 1001 close has completed or been
    /// aborted. Link a session's own work (timers, send loops) to it. It fires after the closes, not before,
    /// because cancelling a pending <see cref="WebSocket.ReceiveAsync(ArraySegment{byte}, CancellationToken)"/>
    /// aborts the socket: a session that passes this token to its receive cannot cut off the close frame.
    /// </summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>How many sockets the registry holds; equal to <see cref="ActiveCount"/> when nothing is under way.</summary>
    internal int RegisteredCount => _connections.Count;

    /// <summary>Completes when the shutdown closes have all ended and <see cref="Stopping"/> was cancelled.</summary>
    internal Task ShutdownCompleted => _shutdownCompleted.Task;

    internal TimeSpan ShutdownCloseTimeout => _shutdownCloseTimeout;

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    internal async Task<WebSocket> AcceptAsync(HttpContext context, string? subProtocol)
    {
        var acceptContext = new WebSocketAcceptContext
        {
            SubProtocol = subProtocol ?? OfferedSubProtocol(context),
            KeepAliveInterval = _options.KeepAliveInterval,
#if NET9_0_OR_GREATER
            KeepAliveTimeout = _options.KeepAliveTimeout,
#endif
        };
        var accepted = await context.WebSockets.AcceptWebSocketAsync(acceptContext).ConfigureAwait(false);

        var id = context.TraceIdentifier;
        var socket = new TrackedWebSocket(
            accepted,
            _options.MaxMessageBytes,
            _shutdownCloseTimeout,
            _options.TimeProvider,
            () => TrackingLog.MessageTooBig(_logger, id, _options.MaxMessageBytes ?? 0));
        var remote = context.Connection.RemoteIpAddress is { } address
            ? string.Create(CultureInfo.InvariantCulture, $"{address}:{context.Connection.RemotePort}")
            : "unknown";
        var stream = context.Features.Get<ReadActivityStream>();
        var connection = new TrackedConnection(id, remote, socket, stream, _options.TimeProvider.GetTimestamp(), End);
#if !NET9_0_OR_GREATER
        if (_options.LivenessLimit != Timeout.InfiniteTimeSpan && stream is not null)
        {
            connection.Watchdog = new LivenessWatchdog(stream, _options.LivenessLimit, _options.TimeProvider, socket.AbortForTimeout);
        }
#endif

        _connections.TryAdd(connection, 0);
        Interlocked.Increment(ref _activeCount);
        context.Response.RegisterForDispose(connection);
        _metrics.Accepted();
        TrackingLog.Opened(_logger, id, remote, context.Request.Path);

        if (Volatile.Read(ref _shuttingDown) != 0)
        {
            // Accepted while the closes were going out: this one gets the same 1001.
            _ = socket.CloseForShutdownAsync(_shutdownCloseTimeout);
        }

        return socket;
    }

    /// <summary>Sends 1001 to every tracked socket in parallel; called when the application starts stopping.</summary>
    internal void BeginShutdown()
    {
        if (Interlocked.Exchange(ref _shuttingDown, 1) != 0)
        {
            return;
        }

        var connections = _connections.Keys.ToList();
        TrackingLog.ClosingOnShutdown(_logger, connections.Count, _shutdownCloseTimeout.TotalSeconds);
        var closes = new List<Task>(connections.Count);
        foreach (var connection in connections)
        {
            closes.Add(connection.Socket.CloseForShutdownAsync(_shutdownCloseTimeout));
        }

        _ = CompleteShutdownAsync(closes);
    }

    private async Task CompleteShutdownAsync(List<Task> closes)
    {
        await Task.WhenAll(closes).ConfigureAwait(false);
        try
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            _shutdownCompleted.SetResult();
        }
        catch (AggregateException exception)
        {
            // A session's own Stopping callback threw; the host's stop reports it through the hosted service.
            _shutdownCompleted.SetException(exception);
        }
    }

    private void End(TrackedConnection connection)
    {
        if (!_connections.TryRemove(connection, out _))
        {
            return;
        }

        Interlocked.Decrement(ref _activeCount);
        connection.Watchdog?.Dispose();
        var closure = WebSocketClosure.From(connection.Socket, HeartbeatTimeout(connection) ?? connection.Socket.Fault);
        var kind = ClosureKinds.Of(closure);
        var duration = _options.TimeProvider.GetElapsedTime(connection.StartTimestamp);
        if (closure.IsAbnormal)
        {
            TrackingLog.Lost(_logger, connection.Id, connection.RemoteEndPoint, closure.Code, kind, duration.TotalSeconds, closure.Error);
        }
        else
        {
            TrackingLog.Closed(_logger, connection.Id, connection.RemoteEndPoint, closure.Code, kind, duration.TotalSeconds);
        }

        // Last, so that whoever watches the closed counter finds the log entry already written.
        _metrics.Closed(kind, closure.Code, duration);
    }

    /// <summary>
    /// The runtime's keep-alive timeout (.NET 9+) aborts the socket from inside: the session's receive then fails
    /// with the server's "connection aborted", the same error an aborted request gives. What sets the timeout apart
    /// is the evidence of the connection's stream: a socket that ended aborted, without a close frame, not aborted
    /// by the session, after at least KeepAliveTimeout without a byte from the peer.
    /// </summary>
    private TimeoutException? HeartbeatTimeout(TrackedConnection connection)
    {
        var socket = connection.Socket;
        if (socket.Fault is TimeoutException timeout)
        {
            return timeout;
        }

        if (_options.KeepAliveTimeout == Timeout.InfiniteTimeSpan
            || connection.Stream is not { } stream
            || socket.AbortedBySession
            || socket.State != WebSocketState.Aborted
            || socket.CloseStatus is not null
            || socket.Fault is OperationCanceledException { CancellationToken.IsCancellationRequested: true })
        {
            return null;
        }

        var silent = stream.SinceLastByte;
        return silent < _options.KeepAliveTimeout
            ? null
            : new TimeoutException(string.Create(
                CultureInfo.InvariantCulture,
                $"The peer sent nothing for {silent.TotalSeconds:0.###} s, KeepAliveTimeout is {_options.KeepAliveTimeout.TotalSeconds:0.###} s, and the runtime aborted the socket."));
    }

    private string? OfferedSubProtocol(HttpContext context)
    {
        var wanted = _options.SubProtocol;
        return wanted is not null && context.WebSockets.WebSocketRequestedProtocols.Contains(wanted, StringComparer.Ordinal) ? wanted : null;
    }
}
