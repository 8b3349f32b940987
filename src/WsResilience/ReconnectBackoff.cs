using System;

namespace WsResilience;

/// <summary>
/// Exponential backoff with jitter for reconnect loops, with a stability window so that a server that
/// accepts and immediately drops connections does not reset the backoff.
/// </summary>
/// <remarks>
/// <para>
/// The ceiling of attempt <c>n</c> (counting from zero) is <c>min(MaxDelay, InitialDelay × Multiplier^n)</c>;
/// the <see cref="JitterMode"/> decides where below the ceiling each delay falls.
/// </para>
/// <para>
/// Call <see cref="RecordConnected"/> when a connection is established and <see cref="RecordDisconnected"/>
/// when it ends: the attempt counter starts over only when the connection lasted at least
/// <see cref="ReconnectBackoffOptions.StabilityWindow"/>.
/// </para>
/// <para>
/// An instance belongs to one reconnect loop and is not thread-safe. Computing a delay does not allocate.
/// </para>
/// </remarks>
public sealed class ReconnectBackoff
{
    /// <summary>
    /// Smooths the start of the decorrelated curve f(t) = 2^t · tanh(√(p·t)), so the first delay is not a step (the value
    /// of p from the analysis behind Polly's DecorrelatedJitterBackoffV2, App-vNext/Polly issue 530).
    /// </summary>
    private const double DecorrelatedSmoothing = 4.0;

    /// <summary>Scales the curve so that the median delays land near whole powers of two of the initial delay.</summary>
    private const double DecorrelatedScale = 1 / 1.4;

    private readonly double _initialTicks;
    private readonly double _maxTicks;
    private readonly double _multiplier;
    private readonly JitterMode _jitter;
    private readonly int? _maxAttempts;
    private readonly TimeSpan _stabilityWindow;
    private readonly Random _random;
    private readonly TimeProvider _timeProvider;

    private double _ceilingTicks;
    private double _previousCurve;
    private bool _decorrelatedAtCap;
    private long _connectedAt;
    private bool _isConnected;

    /// <summary>Creates a backoff.</summary>
    /// <param name="options">The settings; <see langword="null"/> uses the defaults. Copied, so later changes have no effect.</param>
    /// <param name="random">The source of jitter; <see langword="null"/> uses <see cref="Random.Shared"/>. Pass a seeded one for reproducible sequences.</param>
    /// <param name="timeProvider">The clock for the stability window; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid: a negative delay or window, a cap below the initial delay, a multiplier below 1, negative max attempts.</exception>
    public ReconnectBackoff(ReconnectBackoffOptions? options = null, Random? random = null, TimeProvider? timeProvider = null)
    {
        var settings = options?.Snapshot() ?? new ReconnectBackoffOptions();
        settings.Validate(nameof(options));

        _initialTicks = settings.InitialDelay.Ticks;
        _maxTicks = settings.MaxDelay.Ticks;
        _multiplier = settings.Multiplier;
        _jitter = settings.Jitter;
        _maxAttempts = settings.MaxAttempts;
        _stabilityWindow = settings.StabilityWindow;
        _random = random ?? Random.Shared;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Reset();
    }

    /// <summary>How many delays were handed out since the backoff was created or last reset.</summary>
    public int Attempt { get; private set; }

    /// <summary>Whether <see cref="ReconnectBackoffOptions.MaxAttempts"/> delays have been handed out.</summary>
    public bool IsExhausted => Attempt >= _maxAttempts;

    /// <summary>Returns the delay before the next attempt and counts the attempt.</summary>
    /// <exception cref="InvalidOperationException">All <see cref="ReconnectBackoffOptions.MaxAttempts"/> attempts are spent.</exception>
    public TimeSpan NextDelay()
    {
        if (!TryGetNextDelay(out var delay))
        {
            throw new InvalidOperationException($"All {_maxAttempts} reconnect attempts are spent; check IsExhausted or use TryGetNextDelay.");
        }

        return delay;
    }

    /// <summary>Gets the delay before the next attempt and counts the attempt, unless all attempts are spent.</summary>
    /// <param name="delay">The delay, or <see cref="TimeSpan.Zero"/> when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="false"/> once <see cref="ReconnectBackoffOptions.MaxAttempts"/> delays were handed out.</returns>
    public bool TryGetNextDelay(out TimeSpan delay)
    {
        // Asking for a delay means the connection is gone, even if the caller did not say so.
        RecordDisconnected();

        if (IsExhausted)
        {
            delay = TimeSpan.Zero;
            return false;
        }

        var ticks = _jitter switch
        {
            JitterMode.None => _ceilingTicks,
            JitterMode.Full => _random.NextDouble() * _ceilingTicks,
            JitterMode.Equal => (_ceilingTicks / 2) + (_random.NextDouble() * _ceilingTicks / 2),
            _ => NextDecorrelatedTicks(),
        };

        _ceilingTicks = Math.Min(_maxTicks, _ceilingTicks * _multiplier);
        Attempt++;
        delay = TimeSpan.FromTicks((long)Math.Min(ticks, _maxTicks));
        return true;
    }

    /// <summary>Starts over from the first attempt.</summary>
    public void Reset()
    {
        Attempt = 0;
        _ceilingTicks = _initialTicks;
        _previousCurve = 0;
        _decorrelatedAtCap = false;
    }

    /// <summary>Notes that a connection was established; the stability window starts now.</summary>
    public void RecordConnected()
    {
        _connectedAt = _timeProvider.GetTimestamp();
        _isConnected = true;
    }

    /// <summary>
    /// Notes that the connection ended. The attempt counter starts over when it lasted at least the
    /// stability window; otherwise the next delay keeps growing.
    /// </summary>
    /// <returns><see langword="true"/> when the connection was stable and the counter was reset.</returns>
    public bool RecordDisconnected()
    {
        if (!_isConnected)
        {
            return false;
        }

        var wasStable = ResetIfStable();
        _isConnected = false;
        return wasStable;
    }

    private bool ResetIfStable()
    {
        if (_timeProvider.GetElapsedTime(_connectedAt) < _stabilityWindow)
        {
            return false;
        }

        Reset();
        return true;
    }

    /// <summary>
    /// Attempt <c>n</c> draws a point <c>t = n + U</c> on the curve and waits the distance from the previous point,
    /// so the delays are random yet their running total grows smoothly. Once a distance would pass the cap, the
    /// curve is left for good and each delay is drawn from the upper half of the cap: clamping instead put a third
    /// of all delays exactly at the cap, in lockstep again.
    /// </summary>
    private double NextDecorrelatedTicks()
    {
        if (!_decorrelatedAtCap)
        {
            var t = Attempt + _random.NextDouble();
            var curve = Math.Pow(2, t) * Math.Tanh(Math.Sqrt(DecorrelatedSmoothing * t));
            var ticks = (curve - _previousCurve) * DecorrelatedScale * _initialTicks;
            _previousCurve = curve;
            if (ticks <= _maxTicks)
            {
                return ticks;
            }

            _decorrelatedAtCap = true;
        }

        return (_maxTicks / 2) + (_random.NextDouble() * _maxTicks / 2);
    }
}
