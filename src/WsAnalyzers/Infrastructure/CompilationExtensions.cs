using Microsoft.CodeAnalysis;

namespace WsAnalyzers.Infrastructure;

internal static class CompilationExtensions
{
    /// <summary>
    /// Finds a type by metadata name even when several references define it (a polyfill package next
    /// to the framework, say), where <see cref="Compilation.GetTypeByMetadataName"/> returns null.
    /// </summary>
    public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string metadataName)
    {
        var unique = compilation.GetTypeByMetadataName(metadataName);
        if (unique is not null)
        {
            return unique;
        }

        INamedTypeSymbol? accessible = null;
        INamedTypeSymbol? framework = null;
        var accessibleCount = 0;
        foreach (var candidate in compilation.GetTypesByMetadataName(metadataName))
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }

            if (!compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
            {
                continue;
            }

            accessible = candidate;
            accessibleCount++;
            if (framework is null && IsFrameworkAssembly(candidate.ContainingAssembly))
            {
                framework = candidate;
            }
        }

        return accessibleCount == 1 ? accessible : framework;
    }

    private static bool IsFrameworkAssembly(IAssemblySymbol assembly)
    {
        var name = assembly.Identity.Name;
        return name.StartsWith("System.", System.StringComparison.Ordinal)
            || name is "System" or "netstandard" or "mscorlib";
    }
}
