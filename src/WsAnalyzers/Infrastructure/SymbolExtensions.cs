using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.Infrastructure;

internal static class SymbolExtensions
{
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public static bool IsOrDerivesFrom(this ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="method"/> is <paramref name="virtualMethod"/> or overrides it.</summary>
    public static bool IsOrOverrides(this IMethodSymbol method, IMethodSymbol? virtualMethod)
    {
        if (virtualMethod is null)
        {
            return false;
        }

        for (IMethodSymbol? current = method.OriginalDefinition; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, virtualMethod))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An auto-property: its compiler-made backing field shows that the value is stored, not computed.</summary>
    public static bool IsAutoProperty(this IPropertySymbol property)
    {
        foreach (var member in property.ContainingType.GetMembers())
        {
            if (member is IFieldSymbol { IsImplicitlyDeclared: true } field
                && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property))
            {
                return true;
            }
        }

        return false;
    }
}
