using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// A type the rules compare against, looked up by metadata name only when a type of the same simple name is first
/// compared with it. Each lookup reads every reference of the compilation (a few hundred in an ASP.NET Core project);
/// most projects never show most of these types (a WebSocket client has no ASP.NET Core options, no
/// <c>HttpListenerContext</c>), so they never pay for finding them.
/// </summary>
internal sealed class KnownType
{
    private readonly Lazy<INamedTypeSymbol?> _symbol;

    public KnownType(Compilation compilation, string metadataName)
    {
        var start = metadataName.LastIndexOf('.') + 1;
        var arity = metadataName.IndexOf('`', start);
        Name = arity < 0 ? metadataName.Substring(start) : metadataName.Substring(start, arity - start);
        _symbol = new(() => compilation.GetBestTypeByMetadataName(metadataName), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The simple name, without the namespace or generic arity.</summary>
    public string Name { get; }

    /// <summary>The type, looked up now if it was not before; null when the compilation does not have it.</summary>
    public INamedTypeSymbol? Symbol => _symbol.Value;

    /// <summary>True when <paramref name="type"/> is this type (or a constructed form of it).</summary>
    public bool Is(ITypeSymbol? type)
    {
        return type is not null
            && type.Name == Name
            && Symbol is { } symbol
            && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbol);
    }

    /// <summary>True when <paramref name="type"/> is this type or derives from it.</summary>
    public bool IsBaseOf(ITypeSymbol? type)
    {
        // The lookup waits for a type of this name in the chain; the chain is then compared as every other base type is.
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == Name)
            {
                return type.IsOrDerivesFrom(Symbol);
            }
        }

        return false;
    }
}
