using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace WsResilience;

/// <summary>
/// Dead-peer detection by an application-level probe, for <see cref="ReconnectingWebSocketOptions.LivenessProbe"/>:
/// after <c>interval</c> with nothing received it asks the send loop for a probe, and aborts the socket when
/// still nothing arrived <c>timeout</c> later. Unlike a silence watchdog it makes a healthy idle peer speak,
/// which matters on .NET 8, where the runtime swallows pings and pongs inside <c>ReceiveAsync</c>.
/// </summary>
internal sealed class ProbeWatchdog : IReceiveWatch
{
    private const int ChecksPerPeriod = 4;

    private readonly WebSocket _socket;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _deadAfter;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _isRequested;
    private long _lastReceived;
    private long _probedFor = -1;
    private int _expired;

    public ProbeWatchdog(WebSocket socket, TimeSpan interval, TimeSpan timeout, TimeProvider time)
    {
        _socket = socket;
        _interval = interval;
        _deadAfter = interval + timeout;
        _time = time;
        ExpiredReason = $"The peer did not answer the liveness probe within {timeout} (nothing received for {_deadAfter}); it is taken as dead.";
        _lastReceived = time.GetTimestamp();
        var period = (interval < timeout ? interval : timeout) / ChecksPerPeriod;
        _timer = time.CreateTimer(static state => ((ProbeWatchdog)state!).Check(), this, period, period);
    }

    public bool HasExpired => Volatile.Read(ref _expired) != 0;

    public string ExpiredReason { get; }

    /// <summary>Completes when a probe should be sent; a new task after each <see cref="TryTakeRequest"/>.</summary>
    public Task Requested
    {
        get
        {
            lock (_gate)
            {
                return _requested.Task;
            }
        }
    }

    public void NotifyReceived() => Volatile.Write(ref _lastReceived, _time.GetTimestamp());

    /// <summary>Claims a pending probe request for the send loop.</summary>
    public bool TryTakeRequest()
    {
        lock (_gate)
        {
            if (!_isRequested)
            {
                return false;
            }

            _isRequested = false;
            _requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return true;
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        if (HasExpired)
        {
            return;
        }

        var lastReceived = Volatile.Read(ref _lastReceived);
        var quiet = _time.GetElapsedTime(lastReceived);
        if (quiet >= _deadAfter)
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseSent or WebSocketState.CloseReceived)
            {
                Volatile.Write(ref _expired, 1);
                _timer.Dispose();
                _socket.Abort();
            }

            return;
        }

        if (quiet < _interval)
        {
            return;
        }

        lock (_gate)
        {
            // One probe per quiet spell: the next one waits until something was received again.
            if (_probedFor == lastReceived)
            {
                return;
            }

            _probedFor = lastReceived;
            _isRequested = true;
            _requested.TrySetResult();
        }
    }
}
