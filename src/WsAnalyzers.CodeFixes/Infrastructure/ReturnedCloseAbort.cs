using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// A close whose task is the result of a non-async method (<c>return ws.CloseAsync(…);</c> or
/// <c>Task M() =&gt; ws.CloseAsync(…);</c>): replacing it with <c>Abort()</c> leaves the method a result to give,
/// <c>Task.CompletedTask</c>, since the abort is done when it returns.
/// </summary>
internal static class ReturnedCloseAbort
{
    /// <summary>
    /// The node to replace and its replacement, or null when the call is not returned as is by a method or
    /// local function whose return type is <c>Task</c> (checked by the caller with <paramref name="returnsTask"/>).
    /// </summary>
    public static (SyntaxNode Original, SyntaxNode Replacement)? Find(
        CloseCall call, System.Func<SyntaxNode, bool> returnsTask)
    {
        if (call.Node is ConditionalAccessExpressionSyntax)
        {
            // ws?.CloseAsync(…) returns null for a null socket: there is no single task to stand in for it.
            return null;
        }

        var statements = new StatementSyntax[]
        {
            SyntaxFactory.ExpressionStatement(call.WithMethod("Abort", SyntaxFactory.ArgumentList())),
            SyntaxFactory.ReturnStatement(CompletedTask()),
        };

        switch (call.Node.Parent)
        {
            case ReturnStatementSyntax { Parent: BlockSyntax block } returned when returnsTask(returned):
                var index = block.Statements.IndexOf(returned);
                var inBlock = block.Statements.RemoveAt(index).InsertRange(index, new[]
                {
                    statements[0].WithLeadingTrivia(returned.GetLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation),
                    statements[1].WithTrailingTrivia(returned.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation),
                });
                return (block, block.WithStatements(inBlock));
            case ReturnStatementSyntax { Parent: not null } returned when returnsTask(returned):
                return (returned, SyntaxFactory.Block(statements).WithTriviaFrom(returned).WithAdditionalAnnotations(Formatter.Annotation));
            case ArrowExpressionClauseSyntax arrow when arrow.Parent is MethodDeclarationSyntax method && returnsTask(method):
                return (method, method
                    .WithExpressionBody(null)
                    .WithSemicolonToken(default)
                    .WithBody(BodyInPlaceOf(method.SemicolonToken, statements))
                    .WithAdditionalAnnotations(Formatter.Annotation));
            case ArrowExpressionClauseSyntax arrow when arrow.Parent is LocalFunctionStatementSyntax function && returnsTask(function):
                return (function, function
                    .WithExpressionBody(null)
                    .WithSemicolonToken(default)
                    .WithBody(BodyInPlaceOf(function.SemicolonToken, statements))
                    .WithAdditionalAnnotations(Formatter.Annotation));
            default:
                return null;
        }
    }

    /// <summary>A block body that ends the line the way the expression body's semicolon did.</summary>
    private static BlockSyntax BodyInPlaceOf(SyntaxToken semicolon, StatementSyntax[] statements)
    {
        var block = SyntaxFactory.Block(statements);
        return block
            .WithOpenBraceToken(block.OpenBraceToken.WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))
            .WithCloseBraceToken(block.CloseBraceToken.WithTrailingTrivia(semicolon.TrailingTrivia))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static ExpressionSyntax CompletedTask()
    {
        return SyntaxFactory.ParseExpression("global::System.Threading.Tasks.Task.CompletedTask")
            .WithAdditionalAnnotations(Simplifier.Annotation);
    }
}
