using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// <c>while (await timer.WaitForNextTickAsync(…))</c>: a loop that runs until the <c>PeriodicTimer</c> is disposed
/// or cancelled, and whose wait between passes is the timer's period.
/// </summary>
internal static class PeriodicTimerTicks
{
    public static bool IsTick(IOperation operation, ReconnectSymbols symbols)
    {
        operation = operation.WithoutImplicitConversions();
        if (operation is IAwaitOperation awaited)
        {
            operation = awaited.Operation.WithoutImplicitConversions();
        }

        return operation is IInvocationOperation { TargetMethod.Name: "WaitForNextTickAsync" } tick
            && symbols.PeriodicTimer is not null
            && SymbolEqualityComparer.Default.Equals(tick.TargetMethod.ContainingType, symbols.PeriodicTimer);
    }

    public static bool IsTickLoop(ILoopOperation loop, ReconnectSymbols symbols)
    {
        return loop is IWhileLoopOperation { Condition: { } condition, ConditionIsUntil: false } && IsTick(condition, symbols);
    }

    /// <summary>
    /// The period the ticking timer was created with, when it is the only value the variable ever holds and nothing
    /// changes its <c>Period</c>; null otherwise.
    /// </summary>
    public static IOperation? Period(IInvocationOperation tick, IReadOnlyList<(ISymbol Owner, IOperation Root)> typeRoots)
    {
        if (tick.Instance?.WithoutImplicitConversions().ReferencedSymbol() is not { } timer)
        {
            return null;
        }

        var writes = new List<IOperation>();
        var roots = new List<IOperation>();
        if (timer is ILocalSymbol)
        {
            roots.Add(tick.Root());
        }
        else
        {
            foreach (var (_, root) in typeRoots)
            {
                roots.Add(root);
            }
        }

        IOperation? initializer = null;
        foreach (var root in roots)
        {
            if (root is IFieldInitializerOperation field && field.InitializedFields.Contains((timer as IFieldSymbol)!))
            {
                initializer = field.Value;
                writes.Add(field);
                continue;
            }

            SymbolWrites.Collect(root, timer, writes);
            foreach (var operation in root.Descendants())
            {
                if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Period" } period }
                    && SymbolEqualityComparer.Default.Equals(period.Instance?.WithoutImplicitConversions().ReferencedSymbol(), timer))
                {
                    // A period changed between ticks may well be a backoff: out of sight.
                    return null;
                }
            }
        }

        return writes.Count == 1
            && (initializer ?? SymbolWrites.StoredValue(writes[0]))?.WithoutImplicitConversions() is IObjectCreationOperation { Arguments.Length: >= 1 } creation
            ? creation.Arguments[0].Value
            : null;
    }
}
