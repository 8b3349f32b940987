using System;
using System.Threading;

namespace WsResilience;

/// <summary>Settings for <see cref="ReconnectBackoff"/>. Validated when a backoff is created from them.</summary>
public sealed class ReconnectBackoffOptions
{
    /// <summary>The ceiling of the first delay. Default 1 second. Must not be negative.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest delay ever returned. Default 30 seconds. Must not be below <see cref="InitialDelay"/>.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How much the ceiling grows per attempt. Default 2. Must be at least 1.</summary>
    public double Multiplier { get; set; } = 2.0;

    /// <summary>How each delay is randomized. Default <see cref="JitterMode.Full"/>.</summary>
    public JitterMode Jitter { get; set; } = JitterMode.Full;

    /// <summary>
    /// How many delays are handed out before giving up; <see langword="null"/> (the default) never gives up.
    /// Zero means no retry at all. Must not be negative.
    /// </summary>
    public int? MaxAttempts { get; set; }

    /// <summary>
    /// How long a connection must stay up before the attempt counter starts over. Default 10 seconds, so a
    /// server that accepts and then drops every connection does not reset the backoff each time.
    /// Must not be negative.
    /// </summary>
    public TimeSpan StabilityWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Returns a copy, so later changes to this instance do not affect a backoff already built.</summary>
    internal ReconnectBackoffOptions Snapshot() => (ReconnectBackoffOptions)MemberwiseClone();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    internal void Validate(string parameterName)
    {
        if (InitialDelay < TimeSpan.Zero || InitialDelay == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(parameterName, InitialDelay, $"{nameof(InitialDelay)} must be zero or positive.");
        }

        if (MaxDelay < InitialDelay)
        {
            throw new ArgumentOutOfRangeException(parameterName, MaxDelay, $"{nameof(MaxDelay)} ({MaxDelay}) must not be below {nameof(InitialDelay)} ({InitialDelay}).");
        }

        if (double.IsNaN(Multiplier) || double.IsInfinity(Multiplier) || Multiplier < 1.0)
        {
            throw new ArgumentOutOfRangeException(parameterName, Multiplier, $"{nameof(Multiplier)} must be a finite number of at least 1.");
        }

        if (!Enum.IsDefined(Jitter))
        {
            throw new ArgumentOutOfRangeException(parameterName, Jitter, $"{nameof(Jitter)} is not a known {nameof(JitterMode)}.");
        }

        if (MaxAttempts < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, MaxAttempts, $"{nameof(MaxAttempts)} must be null (unlimited) or zero or more.");
        }

        if (StabilityWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(parameterName, StabilityWindow, $"{nameof(StabilityWindow)} must be zero or positive.");
        }
    }
}
