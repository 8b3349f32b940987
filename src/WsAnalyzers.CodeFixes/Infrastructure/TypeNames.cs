using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// Writes type names the way the user would: the simple name where the file already imports the
/// namespace, the <c>global::</c>-qualified one otherwise, so a fix never changes what a name binds to.
/// </summary>
internal static class TypeNames
{
    public static string Shortest(SemanticModel semanticModel, int position, string namespaceName, string typeName)
    {
        foreach (var symbol in semanticModel.LookupNamespacesAndTypes(position, name: typeName))
        {
            if (symbol is INamedTypeSymbol type && type.ContainingNamespace.ToDisplayString() == namespaceName)
            {
                return typeName;
            }
        }

        return "global::" + namespaceName + "." + typeName;
    }

    /// <summary><c>TimeSpan.FromSeconds(<paramref name="seconds"/>)</c>, named as it binds at <paramref name="position"/>.</summary>
    public static ExpressionSyntax TimeSpanFromSeconds(SemanticModel semanticModel, int position, int seconds)
    {
        return TimeSpanFromSeconds(Shortest(semanticModel, position, "System", "TimeSpan"), seconds);
    }

    public static ExpressionSyntax TimeSpanFromSeconds(string timeSpanName, int seconds)
    {
        return SyntaxFactory.ParseExpression($"{timeSpanName}.FromSeconds({seconds})");
    }
}
