#if !NET9_0_OR_GREATER
using System;
using System.Globalization;
using System.Threading;

namespace WsResilience.AspNetCore;

/// <summary>
/// The .NET 8 stand-in for <c>KeepAliveTimeout</c>: aborts a socket whose pending read has seen no byte for
/// the liveness limit (<see cref="WebSocketTrackingOptions.KeepAliveInterval"/> + <see cref="WebSocketTrackingOptions.KeepAliveTimeout"/>).
/// The timer is set for exactly the time left, so the abort comes within the limit plus the timer's latency.
/// </summary>
internal sealed class LivenessWatchdog : IDisposable
{
    private readonly ReadActivityStream _stream;
    private readonly TimeSpan _limit;
    private readonly Action<TimeoutException> _onDead;
    private readonly ITimer _timer;
    private int _fired;

    public LivenessWatchdog(ReadActivityStream stream, TimeSpan limit, TimeProvider timeProvider, Action<TimeoutException> onDead)
    {
        _stream = stream;
        _limit = limit;
        _onDead = onDead;
        _timer = timeProvider.CreateTimer(static state => ((LivenessWatchdog)state!).Check(), this, limit, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        var quiet = _stream.QuietFor;
        if (quiet < _limit)
        {
            // A receive that starts later restarts the count, so the next look is one full limit after now at most.
            try
            {
                _timer.Change(_limit - quiet, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The connection ended while this look was under way.
            }

            return;
        }

        if (Interlocked.Exchange(ref _fired, 1) == 0)
        {
            _onDead(new TimeoutException(string.Create(
                CultureInfo.InvariantCulture,
                $"No frame (not even a pong) arrived for {_limit.TotalSeconds:0.###} s (KeepAliveInterval + KeepAliveTimeout) while a receive was pending; the peer is treated as gone.")));
        }
    }
}
#endif
