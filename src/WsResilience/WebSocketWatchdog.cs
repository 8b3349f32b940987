using System;
using System.Net.WebSockets;
using System.Threading;

namespace WsResilience;

/// <summary>
/// Aborts a <see cref="WebSocket"/> when nothing was received for a set time. Created by
/// <see cref="WebSocketHeartbeat.Watch"/>.
/// </summary>
/// <remarks>
/// The watchdog checks a few times per timeout instead of re-arming a timer on every message, so feeding
/// it costs one timestamp read. A silent connection is aborted between <c>timeout</c> and
/// <c>1.25 × timeout</c> after the last message.
/// </remarks>
public sealed class WebSocketWatchdog : IReceiveWatch
{
    private const int ChecksPerTimeout = 4;

    private readonly WebSocket _socket;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _lastReceived;
    private int _expired;

    internal WebSocketWatchdog(WebSocket socket, TimeSpan timeout, TimeProvider time)
    {
        _socket = socket;
        _time = time;
        Timeout = timeout;
        _lastReceived = time.GetTimestamp();
        var period = timeout / ChecksPerTimeout;
        _timer = time.CreateTimer(static state => ((WebSocketWatchdog)state!).Check(), this, period, period);
    }

    /// <summary>How long the connection may stay silent.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Whether the watchdog aborted the socket because the peer went silent.</summary>
    public bool HasExpired => Volatile.Read(ref _expired) != 0;

    string IReceiveWatch.ExpiredReason => $"Nothing was received for {Timeout}; the peer is taken as dead.";

    /// <summary>Records that something was received; call after every completed receive.</summary>
    public void NotifyReceived() => Volatile.Write(ref _lastReceived, _time.GetTimestamp());

    /// <summary>Stops watching. Does not touch the socket.</summary>
    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        if (_time.GetElapsedTime(Volatile.Read(ref _lastReceived)) < Timeout || HasExpired)
        {
            return;
        }

        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseSent or WebSocketState.CloseReceived))
        {
            return;
        }

        Volatile.Write(ref _expired, 1);
        _timer.Dispose();
        _socket.Abort();
    }
}
