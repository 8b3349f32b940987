using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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

    /// <summary>Adds the extension's namespace to the file's usings unless the call at <paramref name="position"/> already sees it.</summary>
    public static SyntaxNode ImportIfNeeded(SyntaxNode newRoot, SemanticModel semanticModel, int position, IMethodSymbol extension)
    {
        return !IsInScope(semanticModel, position, extension) && newRoot is CompilationUnitSyntax compilationUnit
            ? UsingDirectives.Add(compilationUnit, extension.ContainingNamespace.ToDisplayString())
            : newRoot;
    }
}
