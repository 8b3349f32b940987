using System.Runtime.CompilerServices;

namespace WsAnalyzers.Infrastructure;

/// <summary>Stores a value computed outside a <see cref="ConditionalWeakTable{TKey, TValue}"/> without costing its readers.</summary>
internal static class WeakCache
{
    /// <summary>
    /// Stores <paramref name="value"/> for <paramref name="key"/> unless another thread stored one first, and returns the
    /// stored one. A lambda written in the caller that captures the value would make the C# compiler allocate its
    /// closure on entry to the caller, on every cache hit too; here it is allocated only when a value is stored.
    /// </summary>
    public static TValue AddOrKeep<TKey, TValue>(this ConditionalWeakTable<TKey, TValue> table, TKey key, TValue value)
        where TKey : class
        where TValue : class
    {
        return table.GetValue(key, _ => value);
    }
}
