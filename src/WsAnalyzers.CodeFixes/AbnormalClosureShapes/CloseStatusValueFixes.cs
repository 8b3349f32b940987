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
/// WS0004 fixes for an unguarded <c>socket.CloseStatus.Value</c>: <c>socket.CloseStatus ?? WebSocketCloseStatus.Empty</c>
/// keeps the type and says "no status received"; where the value is cast to <c>int</c> and WsResilience is referenced,
/// <c>WebSocketClosure.From(socket).Code</c> gives the code a browser would report, 1006 included.
/// </summary>
internal sealed class CloseStatusValueFixes : AbnormalClosureShapeFixes
{
    public CloseStatusValueFixes()
        : base(AbnormalClosure.UnguardedValueShape)
    {
    }

    public override async Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic, string shape)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not MemberAccessExpressionSyntax
            {
                Name.Identifier.ValueText: "Value",
                Expression: MemberAccessExpressionSyntax or IdentifierNameSyntax or PostfixUnaryExpressionSyntax
                {
                    RawKind: (int)SyntaxKind.SuppressNullableWarningExpression,
                    Operand: MemberAccessExpressionSyntax or IdentifierNameSyntax,
                },
            } valueRead
            || valueRead.Span != diagnostic.Location.SourceSpan)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Use 'CloseStatus ?? WebSocketCloseStatus.Empty'",
                token => ReplaceWithCoalesceAsync(context.Document, valueRead, token),
                AbnormalClosureCodeFixProvider.EquivalenceKey),
            diagnostic);

        if (AbnormalClosureFixes.Socket(diagnostic) is not { } socket
            || OutermostParentheses(valueRead).Parent is not CastExpressionSyntax cast)
        {
            return;
        }

        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (semanticModel?.GetTypeInfo(cast.Type, context.CancellationToken).Type?.SpecialType == SpecialType.System_Int32
            && WsResilienceSymbols.FindWebSocketClosure(semanticModel.Compilation, WsResilienceNames.WebSocketClosureCode) is not null)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use 'WebSocketClosure.From(socket).Code' (WsResilience, 1006 when abnormal)",
                    token => ReplaceWithClosureCodeAsync(context.Document, cast, socket, token),
                    AbnormalClosureCodeFixProvider.WsResilienceEquivalenceKey),
                diagnostic);
        }
    }

    private static SyntaxNode OutermostParentheses(SyntaxNode node)
    {
        while (node.Parent is ParenthesizedExpressionSyntax parentheses)
        {
            node = parentheses;
        }

        return node;
    }

    /// <summary><c>CloseStatus!</c> is a claim the fix replaces with a fallback, so the <c>!</c> goes.</summary>
    private static ExpressionSyntax WithoutNullForgiving(ExpressionSyntax expression)
    {
        return expression is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppression
            ? suppression.Operand
            : expression;
    }

    private static async Task<Document> ReplaceWithCoalesceAsync(Document document, MemberAccessExpressionSyntax valueRead, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var fallback = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            AbnormalClosureFixes.QualifiedExpression("System.Net.WebSockets.WebSocketCloseStatus"),
            SyntaxFactory.IdentifierName("Empty"));
        var coalesce = SyntaxFactory.ParenthesizedExpression(
                SyntaxFactory.BinaryExpression(SyntaxKind.CoalesceExpression, WithoutNullForgiving(valueRead.Expression).WithoutTrivia(), fallback))
            .WithTriviaFrom(valueRead)
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(valueRead, coalesce));
    }

    private static async Task<Document> ReplaceWithClosureCodeAsync(
        Document document, CastExpressionSyntax cast, ExpressionSyntax socket, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var code = SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                AbnormalClosureFixes.ClosureFrom(socket),
                SyntaxFactory.IdentifierName(WsResilienceNames.WebSocketClosureCode))
            .WithTriviaFrom(cast)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(cast, code));
    }
}
