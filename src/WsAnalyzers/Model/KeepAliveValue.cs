using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>Reads the values that turn a keep-alive interval or timeout off.</summary>
internal static class KeepAliveValue
{
    /// <summary>
    /// True for <c>TimeSpan.Zero</c>, <c>Timeout.InfiniteTimeSpan</c>, <c>default</c>, a <c>new TimeSpan(…)</c>
    /// or <c>TimeSpan.FromX(…)</c> whose arguments are all zero, and <c>TimeSpan.FromMilliseconds(-1)</c>
    /// (which is <c>Timeout.InfiniteTimeSpan</c>).
    /// Any other value (a constant, a setting read at run time) may be on, so it is never called off.
    /// A <c>null</c> for a nullable setting means "inherit", which is not off either.
    /// </summary>
    public static bool IsOff(IOperation value, KeepAliveSymbols symbols)
    {
        value = value.WithoutImplicitConversions();
        switch (value)
        {
            case IFieldReferenceOperation { Field: var field }:
                return field.Name == "Zero" && KeepAliveSymbols.IsType(field.ContainingType, symbols.TimeSpan)
                    || field.Name == "InfiniteTimeSpan" && KeepAliveSymbols.IsType(field.ContainingType, symbols.Timeout);

            case IDefaultValueOperation:
                return KeepAliveSymbols.IsType(value.Type, symbols.TimeSpan);

            case IObjectCreationOperation creation when KeepAliveSymbols.IsType(creation.Type, symbols.TimeSpan):
                return AllArgumentsAreZero(creation.Arguments, skipFirst: false);

            case IInvocationOperation { TargetMethod: { IsStatic: true } method } invocation
                when KeepAliveSymbols.IsType(method.ContainingType, symbols.TimeSpan)
                    && method.Name.StartsWith("From", StringComparison.Ordinal):
                return AllArgumentsAreZero(invocation.Arguments, skipFirst: false)
                    || method.Name == "FromMilliseconds" && invocation.Arguments.Length > 0 && NumericConstant(invocation.Arguments[0].Value) == -1
                        && AllArgumentsAreZero(invocation.Arguments, skipFirst: true);

            default:
                return false;
        }
    }

    private static bool AllArgumentsAreZero(ImmutableArray<IArgumentOperation> arguments, bool skipFirst)
    {
        for (var i = skipFirst ? 1 : 0; i < arguments.Length; i++)
        {
            if (NumericConstant(arguments[i].Value) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static double? NumericConstant(IOperation operation)
    {
        var constant = operation.ConstantValue;
        if (!constant.HasValue)
        {
            return null;
        }

        return constant.Value switch
        {
            int i => i,
            long l => l,
            double d => d,
            _ => null,
        };
    }
}
