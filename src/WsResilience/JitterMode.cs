namespace WsResilience;

/// <summary>How <see cref="ReconnectBackoff"/> randomizes each delay so that many clients do not retry in lockstep.</summary>
public enum JitterMode
{
    /// <summary>No randomness: the delay is the exponential ceiling itself. Synchronized clients stay synchronized.</summary>
    None,

    /// <summary>
    /// Uniform between zero and the exponential ceiling. Spreads contending clients the most and makes the
    /// fewest total calls, at the price of an occasional very short wait. The default.
    /// </summary>
    Full,

    /// <summary>Half the ceiling plus a uniform share of the other half: never shorter than half the ceiling.</summary>
    Equal,

    /// <summary>
    /// Each delay is the step between two random points of a smoothed exponential curve, so it depends on the
    /// previous one and the medians double per attempt (about 0.9, 1.1, 2, 4, 8 × the initial delay); once a step
    /// would pass the cap, delays are drawn uniformly from the upper half of the cap, never the cap itself.
    /// The multiplier is not used in this mode; a delay may be shorter than the initial delay.
    /// </summary>
    Decorrelated,
}
