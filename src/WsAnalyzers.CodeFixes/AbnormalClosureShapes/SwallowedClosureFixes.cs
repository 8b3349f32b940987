using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using WsAnalyzers.CodeFixes.Infrastructure;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.CodeFixes.AbnormalClosureShapes;

/// <summary>
/// WS0004 fixes for a swallowed abnormal closure: put a catch for exactly that failure in front of the
/// swallowing one, so other exceptions keep their old behaviour. Without WsResilience it rethrows so the
/// caller sees the failure; with it, it captures <c>WebSocketClosure.From(socket, ex)</c> and then does what
/// the old handler did.
/// </summary>
internal sealed class SwallowedClosureFixes : AbnormalClosureShapeFixes
{
    public SwallowedClosureFixes()
        : base(AbnormalClosure.SwallowedShape, AbnormalClosure.PartlySwallowedShape)
    {
    }

    public override async Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic, string shape)
    {
        if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<CatchClauseSyntax>() is not { Parent: TryStatementSyntax } catchClause)
        {
            return;
        }

        if (shape == AbnormalClosure.PartlySwallowedShape)
        {
            RegisterRethrowUnhandledCodes(context, diagnostic, catchClause);
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Rethrow the abnormal closure (ConnectionClosedPrematurely)",
                token => InsertCatchAsync(context.Document, catchClause, socket: null, token),
                AbnormalClosureCodeFixProvider.EquivalenceKey),
            diagnostic);

        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (semanticModel is not null
            && AbnormalClosureFixes.Socket(diagnostic) is { } socket
            && WsResilienceSymbols.FindWebSocketClosure(semanticModel.Compilation) is not null)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Capture the abnormal closure (WsResilience WebSocketClosure)",
                    token => InsertCatchAsync(context.Document, catchClause, socket, token),
                    AbnormalClosureCodeFixProvider.WsResilienceEquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// <c>if (e.WebSocketErrorCode == …) { … }</c> gains <c>else { throw; }</c>: the codes the handler tests keep their
    /// handling, every other one reaches the caller. Offered only when the handler has exactly one such test.
    /// </summary>
    private static void RegisterRethrowUnhandledCodes(CodeFixContext context, Diagnostic diagnostic, CatchClauseSyntax catchClause)
    {
        IfStatementSyntax? test = null;
        foreach (var statement in catchClause.Block.Statements)
        {
            if (statement is IfStatementSyntax { Else: null } candidate)
            {
                if (test is not null)
                {
                    return;
                }

                test = candidate;
            }
        }

        if (test is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Rethrow the error codes this catch does not handle",
                token => ReplaceAsync(
                    context.Document,
                    test,
                    test.WithElse(SyntaxFactory.ElseClause(SyntaxFactory.Block(SyntaxFactory.ThrowStatement())))
                        .WithAdditionalAnnotations(Formatter.Annotation),
                    token),
                AbnormalClosureCodeFixProvider.EquivalenceKey),
            diagnostic);
    }

    private static async Task<Document> InsertCatchAsync(
        Document document, CatchClauseSyntax swallowing, ExpressionSyntax? socket, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || swallowing.Parent is not TryStatementSyntax tryStatement)
        {
            return document;
        }

        var exceptionName = AbnormalClosureFixes.UnusedLocalName(semanticModel, swallowing.SpanStart, "ex");
        var statements = new List<StatementSyntax>();
        if (socket is null)
        {
            statements.Add(SyntaxFactory.ThrowStatement());
        }
        else
        {
            var closureName = AbnormalClosureFixes.UnusedLocalName(semanticModel, swallowing.Block.SpanStart, "closure");
            statements.Add(SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(closureName).WithInitializer(
                            SyntaxFactory.EqualsValueClause(AbnormalClosureFixes.ClosureFrom(socket, exceptionName)))))));

            // The old handler's exit (break, return, a flag) still ends the loop the way it used to.
            foreach (var statement in swallowing.Block.Statements)
            {
                statements.Add(statement.WithoutLeadingTrivia().WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed));
            }
        }

        var filter = SyntaxFactory.CatchFilterClause(
            SyntaxFactory.BinaryExpression(
                SyntaxKind.EqualsExpression,
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.IdentifierName(exceptionName),
                    SyntaxFactory.IdentifierName("WebSocketErrorCode")),
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    AbnormalClosureFixes.QualifiedExpression("System.Net.WebSockets.WebSocketError"),
                    SyntaxFactory.IdentifierName("ConnectionClosedPrematurely"))));
        var abnormalClosureCatch = SyntaxFactory.CatchClause(
                SyntaxFactory.CatchDeclaration(
                    AbnormalClosureFixes.QualifiedType("System.Net.WebSockets.WebSocketException"),
                    SyntaxFactory.Identifier(exceptionName)),
                filter,
                SyntaxFactory.Block(statements))
            .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);

        var catches = tryStatement.Catches.Insert(tryStatement.Catches.IndexOf(swallowing), abnormalClosureCatch);
        return document.WithSyntaxRoot(root.ReplaceNode(tryStatement, tryStatement.WithCatches(catches)));
    }
}
