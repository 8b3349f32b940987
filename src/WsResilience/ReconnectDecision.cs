using System;

namespace WsResilience;

/// <summary>What <see cref="ReconnectingWebSocketOptions.ReconnectPolicy"/> decides after a failure: reconnect after a delay, or stop.</summary>
public readonly record struct ReconnectDecision
{
    private ReconnectDecision(bool reconnect, TimeSpan delay, string? stopReason)
    {
        Reconnect = reconnect;
        Delay = delay;
        StopReason = stopReason;
    }

    /// <summary>Whether the client tries again.</summary>
    public bool Reconnect { get; }

    /// <summary>How long it waits first, when it tries again.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Why it stops, when it does; the message of the <see cref="ReconnectGaveUpException"/> on <see cref="ReconnectingWebSocket.Completion"/>.</summary>
    public string? StopReason { get; }

    /// <summary>Try again after <paramref name="delay"/>.</summary>
    /// <param name="delay">Zero or positive, at most <see cref="int.MaxValue"/> milliseconds.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative or too long.</exception>
    public static ReconnectDecision RetryAfter(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero || delay > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A reconnect delay must be zero or positive and finite.");
        }

        return new ReconnectDecision(reconnect: true, delay, stopReason: null);
    }

    /// <summary>Stop for good; <see cref="ReconnectingWebSocket.Completion"/> faults with <paramref name="reason"/>.</summary>
    /// <param name="reason">Why, for logs and the exception.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null or empty.</exception>
    public static ReconnectDecision Stop(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new ReconnectDecision(reconnect: false, TimeSpan.Zero, reason);
    }
}
