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
/// WS0004 fixes for the status-code shapes. A comparison of the socket's CloseStatus with 1006 becomes
/// <c>socket.State == WebSocketState.Aborted</c>, or <c>WebSocketClosure.From(socket).IsAbnormal</c> with
/// WsResilience; a CloseAsync with a reserved code that stands alone as a statement becomes <c>Abort()</c>, and one
/// whose task a method returns becomes <c>Abort()</c> followed by <c>return Task.CompletedTask;</c>.
/// </summary>
internal sealed class CloseStatusCodeFixes : AbnormalClosureShapeFixes
{
    public CloseStatusCodeFixes()
        : base(AbnormalClosure.ComparedShape, AbnormalClosure.SentShape)
    {
    }

    public override async Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic, string shape)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (shape == AbnormalClosure.ComparedShape)
        {
            await RegisterComparisonFixesAsync(context, diagnostic, node).ConfigureAwait(false);
        }
        else if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation
            && CloseCall.Parse(invocation) is { } call)
        {
            await RegisterAbortAsync(context, diagnostic, call).ConfigureAwait(false);
        }
    }

    private static async Task RegisterAbortAsync(CodeFixContext context, Diagnostic diagnostic, CloseCall call)
    {
        SyntaxNode original;
        SyntaxNode replacement;
        if (call.FindStandaloneStatement() is { } statement)
        {
            (original, replacement) = (statement, call.ToAbortStatement(statement));
        }
        else
        {
            var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (semanticModel is null
                || ReturnedCloseAbort.Find(call, returner => ReturnsTask(semanticModel, returner, context.CancellationToken)) is not { } returned)
            {
                return;
            }

            (original, replacement) = returned;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Abort the WebSocket",
                token => ReplaceAsync(context.Document, original, replacement, token),
                AbnormalClosureCodeFixProvider.EquivalenceKey),
            diagnostic);
    }

    /// <summary>The method or local function that returns from <paramref name="node"/> is not async and returns exactly <c>Task</c>.</summary>
    private static bool ReturnsTask(SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken)
    {
        var function = node.FirstAncestorOrSelf<SyntaxNode>(n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax);
        if (function is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
            || semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol { IsAsync: false } method)
        {
            return false;
        }

        var task = semanticModel.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        return task is not null && SymbolEqualityComparer.Default.Equals(method.ReturnType, task);
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
                AbnormalClosureCodeFixProvider.EquivalenceKey),
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
                AbnormalClosureCodeFixProvider.WsResilienceEquivalenceKey),
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
