using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.Model;

/// <summary>
/// The reconnect paths found in each type of a compilation, kept for both reconnect rules: WS0002 and WS0005 judge the
/// same paths, so a type's operation trees are walked for them once. Both rules read the type's shared operation trees
/// (<see cref="SourceCode.JudgedTypeRoots"/>), so the paths' operations are the same objects whichever rule found them.
/// </summary>
internal sealed class FoundReconnectPaths
{
    private static readonly ConditionalWeakTable<Compilation, FoundReconnectPaths> s_byCompilation = new();

    private readonly ConcurrentDictionary<INamedTypeSymbol, IReadOnlyList<ReconnectPath>> _byType = new(SymbolEqualityComparer.Default);

    public static FoundReconnectPaths For(Compilation compilation) => s_byCompilation.GetValue(compilation, static _ => new FoundReconnectPaths());

    /// <summary>The paths of <paramref name="type"/>, found by <paramref name="find"/> the first time a rule asks.</summary>
    public IReadOnlyList<ReconnectPath> Of(INamedTypeSymbol type, Func<IReadOnlyList<ReconnectPath>> find)
    {
        type = type.OriginalDefinition;
        if (_byType.TryGetValue(type, out var known))
        {
            return known;
        }

        return _byType.GetOrAdd(type, find());
    }
}
