using Microsoft.CodeAnalysis;

namespace WsAnalyzers.CodeFixes.Infrastructure;

internal static class ExtensionMethodScope
{
    /// <summary>True when <paramref name="extension"/> can be called in reduced form at <paramref name="position"/>.</summary>
    public static bool IsInScope(SemanticModel semanticModel, int position, IMethodSymbol extension)
    {
        var receiverType = extension.Parameters.Length > 0 ? extension.Parameters[0].Type : null;
        if (receiverType is not INamespaceOrTypeSymbol container)
        {
            return false;
        }

        foreach (var symbol in semanticModel.LookupSymbols(position, container, extension.Name, includeReducedExtensionMethods: true))
        {
            if (symbol is IMethodSymbol { ReducedFrom: { } reducedFrom }
                && SymbolEqualityComparer.Default.Equals(reducedFrom.OriginalDefinition, extension.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }
}
