using System;

namespace WsResilience.Tests.Infrastructure;

/// <summary>A <see cref="Random"/> that always draws <see cref="Value"/>, so a jittered delay can be computed by hand.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public double Value { get; } = value;

    public override double NextDouble() => Value;

    protected override double Sample() => Value;
}
