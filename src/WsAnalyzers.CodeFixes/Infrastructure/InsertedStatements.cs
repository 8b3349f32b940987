using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>Statements a fix adds to a block, laid out like the rest of the file.</summary>
internal readonly struct InsertedStatements
{
    private readonly SyntaxTrivia _newLine;

    private InsertedStatements(SyntaxTrivia newLine) => _newLine = newLine;

    /// <summary>Uses the file's own line break, so that a file with LF endings does not gain CRLF lines.</summary>
    public static InsertedStatements For(SyntaxNode root)
    {
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return new InsertedStatements(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia)
            ? SyntaxFactory.ElasticEndOfLine(endOfLine.ToString())
            : SyntaxFactory.ElasticCarriageReturnLineFeed);
    }

    public StatementSyntax Parse(string text) => Lay(SyntaxFactory.ParseStatement(text));

    /// <summary>A copy of an existing statement, on its own line at the insertion point.</summary>
    public StatementSyntax Lay(StatementSyntax statement)
    {
        return statement.WithoutTrivia()
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(_newLine)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
