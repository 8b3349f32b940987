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
    /// Uniform between the initial delay and three times the previous delay, capped: each delay depends on the
    /// last one rather than on the attempt number. The multiplier is not used in this mode.
    /// </summary>
    Decorrelated,
}
