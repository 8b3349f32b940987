using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// The value of a <c>TimeSpan</c> expression when the source fixes it: <c>TimeSpan.FromSeconds(90)</c>,
/// <c>TimeSpan.FromMinutes(2)</c> (and .NET 9's <c>FromMinutes(2, 30)</c>), <c>new TimeSpan(0, 2, 0)</c>,
/// <c>TimeSpan.Zero</c>, or a local initialised with one of those and never written again. Anything read at run
/// time (configuration, a parameter, arithmetic on variables) has no known value.
/// </summary>
internal static class TimeSpanConstant
{
    public static TimeSpan? Of(IOperation value, INamedTypeSymbol? timeSpanType)
    {
        if (timeSpanType is null)
        {
            return null;
        }

        value = value.WithoutImplicitConversions();
        if (value is ILocalReferenceOperation local && SingleInitializer(local) is { } initializer)
        {
            value = initializer.WithoutImplicitConversions();
        }

        switch (value)
        {
            case IFieldReferenceOperation { Field: { Name: "Zero", IsStatic: true } field }
                when KeepAliveSymbols.IsType(field.ContainingType, timeSpanType):
                return TimeSpan.Zero;
            case IInvocationOperation { TargetMethod: { IsStatic: true } method } invocation
                when KeepAliveSymbols.IsType(method.ContainingType, timeSpanType) && method.Name.StartsWith("From", StringComparison.Ordinal):
                return Sum(invocation.Arguments, method.Name.Substring("From".Length));
            case IObjectCreationOperation creation when KeepAliveSymbols.IsType(creation.Type, timeSpanType):
                return Sum(creation.Arguments, unitOfValue: null);
            default:
                return null;
        }
    }

    /// <summary>Adds up the arguments, each in the unit its parameter's name gives (<c>value</c>: the method's unit).</summary>
    private static TimeSpan? Sum(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string? unitOfValue)
    {
        double ticks = 0;
        foreach (var argument in arguments)
        {
            var constant = argument.Value.WithoutImplicitConversions().ConstantValue;
            if (argument.Parameter is null || !constant.HasValue || constant.Value is null)
            {
                return null;
            }

            var unit = argument.Parameter.Name == "value" ? unitOfValue : argument.Parameter.Name;
            double amount;
            try
            {
                amount = Convert.ToDouble(constant.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception exception) when (exception is InvalidCastException or FormatException or OverflowException)
            {
                return null;
            }

            if (TicksPer(unit) is not { } ticksPerUnit)
            {
                return null;
            }

            ticks += amount * ticksPerUnit;
        }

        return ticks is >= long.MaxValue or <= long.MinValue or double.NaN ? null : TimeSpan.FromTicks((long)ticks);
    }

    private static double? TicksPer(string? unit) => unit?.ToLowerInvariant() switch
    {
        "ticks" => 1,
        "microseconds" => TimeSpan.TicksPerMillisecond / 1000.0,
        "milliseconds" => TimeSpan.TicksPerMillisecond,
        "seconds" => TimeSpan.TicksPerSecond,
        "minutes" => TimeSpan.TicksPerMinute,
        "hours" => TimeSpan.TicksPerHour,
        "days" => TimeSpan.TicksPerDay,
        _ => null,
    };

    /// <summary>The initializer of a local that nothing else in its method assigns.</summary>
    private static IOperation? SingleInitializer(ILocalReferenceOperation reference)
    {
        IOperation? initializer = null;
        foreach (var operation in reference.Root().DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                    initializer = declarator.Initializer?.Value;
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target }
                    when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                    return null;
                case IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation byRef }
                    when SymbolEqualityComparer.Default.Equals(byRef.Local, reference.Local):
                    return null;
            }
        }

        return initializer;
    }
}
