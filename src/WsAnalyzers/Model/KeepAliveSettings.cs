using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>What the code visibly does to one settings object's <c>KeepAliveInterval</c> and <c>KeepAliveTimeout</c>.</summary>
internal readonly struct KeepAliveSettings
{
    private KeepAliveSettings(bool intervalSet, bool intervalOff, bool timeoutSet)
    {
        IntervalSet = intervalSet;
        IntervalOff = intervalOff;
        TimeoutSet = timeoutSet;
    }

    /// <summary>The interval is assigned a value that may be on.</summary>
    public bool IntervalSet { get; }

    /// <summary>The interval is assigned a value that turns it off somewhere (already reported there).</summary>
    public bool IntervalOff { get; }

    /// <summary>The timeout is assigned a value that may be on.</summary>
    public bool TimeoutSet { get; }

    public static KeepAliveSettings ForAssignment(bool isInterval, bool isOff)
    {
        return isInterval
            ? new KeepAliveSettings(intervalSet: !isOff, intervalOff: isOff, timeoutSet: false)
            : new KeepAliveSettings(intervalSet: false, intervalOff: false, timeoutSet: !isOff);
    }

    /// <summary>Reads the <c>KeepAliveInterval = …</c> and <c>KeepAliveTimeout = …</c> entries of an object initializer.</summary>
    public static KeepAliveSettings FromInitializer(IObjectOrCollectionInitializerOperation? initializer, KeepAliveSymbols symbols)
    {
        var settings = default(KeepAliveSettings);
        if (initializer is null)
        {
            return settings;
        }

        foreach (var entry in initializer.Initializers)
        {
            if (entry is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "KeepAliveInterval" or "KeepAliveTimeout" } target } assignment
                && symbols.IsKeepAliveSettingsType(target.Property.ContainingType))
            {
                settings = settings.Merge(ForAssignment(
                    target.Property.Name == "KeepAliveInterval",
                    KeepAliveValue.IsOff(assignment.Value, symbols)));
            }
        }

        return settings;
    }

    public KeepAliveSettings Merge(KeepAliveSettings other)
    {
        return new KeepAliveSettings(
            IntervalSet || other.IntervalSet,
            IntervalOff || other.IntervalOff,
            TimeoutSet || other.TimeoutSet);
    }
}
