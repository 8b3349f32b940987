using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WsAnalyzers.Rules;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using WsAnalyzers.CodeFixes.Infrastructure;

namespace WsAnalyzers.CodeFixes;

/// <summary>
/// WS0003 fixes: end the connection with <c>Abort()</c>, or, when WsResilience is referenced,
/// try the close handshake for a bounded time with <c>CloseOrAbortAsync</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AbortUnresponsiveWebSocketCodeFixProvider)), Shared]
public sealed class AbortUnresponsiveWebSocketCodeFixProvider : CodeFixProvider
{
    public const string AbortEquivalenceKey = "WS0003.Abort";
    public const string CloseOrAbortEquivalenceKey = "WS0003.CloseOrAbortAsync";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.AbortUnresponsiveWebSocket);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        SemanticModel? semanticModel = null;
        foreach (var diagnostic in context.Diagnostics)
        {
            // A call that reaches the close in another method: replacing the call itself would drop what else it does.
            if (diagnostic.Properties.ContainsKey(AbortUnresponsiveWebSocketAnalyzer.ReachedCloseProperty))
            {
                continue;
            }

            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                    .FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || invocation.Span != diagnostic.Location.SourceSpan
                || CloseCall.Parse(invocation) is not { } call)
            {
                continue;
            }

            if (call.FindStandaloneStatement() is { } statement)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Abort the WebSocket",
                        token => ReplaceWithAbortAsync(context.Document, statement, call, token),
                        AbortEquivalenceKey),
                    diagnostic);
            }

            semanticModel ??= await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (semanticModel is not null
                && WsResilienceSymbols.FindCloseOrAbortAsync(semanticModel.Compilation) is { } closeOrAbort
                && CloseOrAbortRewrite.CanRewrite(call))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Close with a timeout, then abort (WsResilience CloseOrAbortAsync)",
                        token => CloseOrAbortRewrite.ApplyAsync(context.Document, call, closeOrAbort, cancellation: null, token),
                        CloseOrAbortEquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ReplaceWithAbortAsync(
        Document document, ExpressionStatementSyntax statement, CloseCall call, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNode(statement, call.ToAbortStatement(statement)));
    }
}
