using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WsAnalyzers.CodeFixes.Infrastructure;

internal static class UsingDirectives
{
    /// <summary>
    /// Adds <c>using <paramref name="namespaceName"/>;</c> to the file's top-level usings, System
    /// namespaces first and the rest in ordinal order, unless it is already there.
    /// </summary>
    public static CompilationUnitSyntax Add(CompilationUnitSyntax compilationUnit, string namespaceName)
    {
        var usings = compilationUnit.Usings;
        if (usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == namespaceName))
        {
            return compilationUnit;
        }

        var endOfLine = SyntaxFactory.EndOfLine(DetectLineEnding(compilationUnit));
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(endOfLine);
        if (usings.Count == 0)
        {
            // A blank line between the new using and whatever follows it.
            return compilationUnit.WithUsings(usings.Add(directive.WithTrailingTrivia(endOfLine, endOfLine)));
        }

        var index = 0;
        while (index < usings.Count && SortsBefore(usings[index], namespaceName))
        {
            index++;
        }

        if (index == 0)
        {
            // Keep the file's leading trivia (header comment) at the top.
            var first = usings[0];
            directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
            usings = usings.Replace(first, first.WithLeadingTrivia());
        }

        return compilationUnit.WithUsings(usings.Insert(index, directive));
    }

    /// <summary>The file's own line break, so that added lines do not mix CRLF into an LF file.</summary>
    public static string DetectLineEnding(SyntaxNode root)
    {
        foreach (var trivia in root.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia.ToString();
            }
        }

        return "\n";
    }

    private static bool SortsBefore(UsingDirectiveSyntax existing, string namespaceName)
    {
        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None) || existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
        {
            return existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword);
        }

        var existingName = existing.Name?.ToString() ?? string.Empty;
        var existingIsSystem = IsSystem(existingName);
        var newIsSystem = IsSystem(namespaceName);
        if (existingIsSystem != newIsSystem)
        {
            return existingIsSystem;
        }

        return string.CompareOrdinal(existingName, namespaceName) < 0;
    }

    private static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
}
