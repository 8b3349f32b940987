using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// Edits the <c>Name = value</c> entries of an object initializer while keeping its layout: one line stays
/// one line, one entry per line stays one entry per line, and a trailing comma stays.
/// </summary>
internal static class InitializerEntries
{
    /// <summary>The index of the entry that assigns <paramref name="memberName"/>, or -1.</summary>
    public static int IndexOf(InitializerExpressionSyntax? initializer, string memberName)
    {
        if (initializer is null)
        {
            return -1;
        }

        for (var i = 0; i < initializer.Expressions.Count; i++)
        {
            if (initializer.Expressions[i] is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name }
                && name.Identifier.ValueText == memberName)
            {
                return i;
            }
        }

        return -1;
    }

    public static AssignmentExpressionSyntax Entry(string memberName, ExpressionSyntax value)
    {
        return SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName(memberName),
            value);
    }

    /// <summary>An initializer holding <paramref name="entries"/> on one line.</summary>
    public static InitializerExpressionSyntax Create(IReadOnlyList<ExpressionSyntax> entries)
    {
        return SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.SeparatedList(entries))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Inserts <paramref name="entries"/> at <paramref name="index"/> (the end when -1).</summary>
    public static InitializerExpressionSyntax Insert(InitializerExpressionSyntax initializer, int index, IReadOnlyList<ExpressionSyntax> entries)
    {
        var existing = initializer.Expressions;
        if (index < 0 || index > existing.Count)
        {
            index = existing.Count;
        }

        var lineBreak = LineBreakAfterOpenBrace(initializer);
                var hasTrailingComma = existing.Count > 0 && existing.SeparatorCount == existing.Count;
        var nodesAndTokens = new List<SyntaxNodeOrToken>();
        var movedTrivia = default(SyntaxTriviaList);
        for (var i = 0; i < existing.Count; i++)
        {
            if (i == index)
            {
                AddNew(nodesAndTokens, entries, lineBreak);
            }

            if (i < existing.SeparatorCount)
            {
                nodesAndTokens.Add(existing[i]);
                nodesAndTokens.Add(existing.GetSeparator(i));
            }
            else if (index == existing.Count)
            {
                // The last entry had no comma: the line break before '}' moves behind the new entries.
                movedTrivia = existing[i].GetTrailingTrivia();
                nodesAndTokens.Add(existing[i].WithoutTrailingTrivia());
                nodesAndTokens.Add(Separator(lineBreak));
            }
            else
            {
                nodesAndTokens.Add(existing[i]);
            }
        }

        if (index == existing.Count)
        {
            AddNew(nodesAndTokens, entries, lineBreak);
        }

        if (!hasTrailingComma && nodesAndTokens.Count > 0 && nodesAndTokens[nodesAndTokens.Count - 1].IsToken)
        {
            nodesAndTokens.RemoveAt(nodesAndTokens.Count - 1);
            var last = nodesAndTokens[nodesAndTokens.Count - 1];
            if (movedTrivia.Count > 0 && last.AsNode() is { } lastNode)
            {
                nodesAndTokens[nodesAndTokens.Count - 1] = lastNode.WithTrailingTrivia(movedTrivia);
            }
        }

        return initializer
            .WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(nodesAndTokens))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static void AddNew(List<SyntaxNodeOrToken> nodesAndTokens, IReadOnlyList<ExpressionSyntax> entries, SyntaxTrivia? lineBreak)
    {
        foreach (var entry in entries)
        {
            nodesAndTokens.Add(entry.WithAdditionalAnnotations(Formatter.Annotation));
            nodesAndTokens.Add(Separator(lineBreak));
        }
    }

    /// <summary>A comma followed by the file's own line break in a multi-line initializer, by a space otherwise.</summary>
    private static SyntaxToken Separator(SyntaxTrivia? lineBreak)
    {
        return SyntaxFactory.Token(SyntaxKind.CommaToken)
            .WithTrailingTrivia(lineBreak ?? SyntaxFactory.ElasticSpace);
    }

    private static SyntaxTrivia? LineBreakAfterOpenBrace(InitializerExpressionSyntax initializer)
    {
        foreach (var trivia in initializer.OpenBraceToken.TrailingTrivia)
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return null;
    }
}
