using System.Collections.Immutable;
using System.Composition;
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

namespace WsAnalyzers.CodeFixes;

/// <summary>
/// WS0004 fixes for the status-code shapes. A comparison of the socket's CloseStatus with 1006 becomes
/// <c>socket.State == WebSocketState.Aborted</c>, or <c>WebSocketClosure.From(socket).IsAbnormal</c> with
/// WsResilience; a CloseAsync with a reserved code that stands alone as a statement becomes <c>Abort()</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AbnormalClosureStatusCodeCodeFixProvider)), Shared]
public sealed class AbnormalClosureStatusCodeCodeFixProvider : AbnormalClosureCodeFixProvider
{
    public const string AbortedStateEquivalenceKey = "WS0004.CheckAbortedState";
    public const string IsAbnormalEquivalenceKey = "WS0004.ClosureIsAbnormal";
    public const string AbortEquivalenceKey = "WS0004.Abort";

    public AbnormalClosureStatusCodeCodeFixProvider()
        : base(AbnormalClosure.ComparedShape, AbnormalClosure.SentShape)
    {
    }

    private protected override async Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic, string shape)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (shape == AbnormalClosure.ComparedShape)
        {
            await RegisterComparisonFixesAsync(context, diagnostic, node).ConfigureAwait(false);
        }
        else if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation
            && CloseCall.Parse(invocation) is { } call
            && call.FindStandaloneStatement() is { } statement)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Abort the WebSocket",
                    token => ReplaceAsync(context.Document, statement, call.ToAbortStatement(statement), token),
                    AbortEquivalenceKey),
                diagnostic);
        }
    }

    private static async Task RegisterComparisonFixesAsync(CodeFixContext context, Diagnostic diagnostic, SyntaxNode node)
    {
        if (AbnormalClosureFixes.Socket(diagnostic) is not { } socket
            || node is not (BinaryExpressionSyntax or IsPatternExpressionSyntax)
            || node.Span != diagnostic.Location.SourceSpan)
        {
            return;
        }

        var negated = diagnostic.Properties.TryGetValue(AbnormalClosure.NegatedProperty, out var value) && value == "true";
        var abortedCheck = SyntaxFactory.BinaryExpression(
            negated ? SyntaxKind.NotEqualsExpression : SyntaxKind.EqualsExpression,
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, socket, SyntaxFactory.IdentifierName("State")),
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                AbnormalClosureFixes.QualifiedExpression("System.Net.WebSockets.WebSocketState"),
                SyntaxFactory.IdentifierName("Aborted")));
        context.RegisterCodeFix(
            CodeAction.Create(
                negated ? "Check 'State != WebSocketState.Aborted'" : "Check 'State == WebSocketState.Aborted'",
                token => ReplaceAsync(context.Document, node, Parenthesize(abortedCheck, node), token),
                AbortedStateEquivalenceKey),
            diagnostic);

        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (semanticModel is null
            || WsResilienceSymbols.FindWebSocketClosure(semanticModel.Compilation, WsResilienceNames.WebSocketClosureIsAbnormal) is null)
        {
            return;
        }

        ExpressionSyntax isAbnormal = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            AbnormalClosureFixes.ClosureFrom(socket),
            SyntaxFactory.IdentifierName(WsResilienceNames.WebSocketClosureIsAbnormal));
        if (negated)
        {
            isAbnormal = SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, isAbnormal);
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                negated ? "Check '!WebSocketClosure.From(socket).IsAbnormal' (WsResilience)" : "Check 'WebSocketClosure.From(socket).IsAbnormal' (WsResilience)",
                token => ReplaceAsync(context.Document, node, Parenthesize(isAbnormal, node), token),
                IsAbnormalEquivalenceKey),
            diagnostic);
    }

    /// <summary>Parenthesized for safety; the simplifier drops the parentheses wherever they are not needed.</summary>
    private static ParenthesizedExpressionSyntax Parenthesize(ExpressionSyntax replacement, SyntaxNode original)
    {
        return SyntaxFactory.ParenthesizedExpression(replacement)
            .WithTriviaFrom(original)
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
    }
}
