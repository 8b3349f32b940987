using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WsAnalyzers.CodeFixes.Infrastructure;
using WsAnalyzers.Rules;

namespace WsAnalyzers.CodeFixes;

/// <summary>
/// WS0006 fixes: give the close a time limit and abort the socket when it passes, written out in the BCL, or in one
/// call with WsResilience's <c>CloseOrAbortAsync</c> when the project references it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnboundedCloseCodeFixProvider)), Shared]
public sealed class UnboundedCloseCodeFixProvider : CodeFixProvider
{
    public const string BoundedCloseEquivalenceKey = "WS0006.BoundedClose";
    public const string CloseOrAbortEquivalenceKey = "WS0006.CloseOrAbortAsync";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.UnboundedClose);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                    .FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || invocation.Span != diagnostic.Location.SourceSpan
                || CloseCall.Parse(invocation) is not { } call)
            {
                continue;
            }

            if (BoundedCloseRewrite.Plan(call, semanticModel, context.CancellationToken) is { } bounded)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Close with a {BoundedCloseRewrite.TimeoutSeconds} s time limit, then abort",
                        token => bounded.ApplyAsync(context.Document, token),
                        BoundedCloseEquivalenceKey),
                    diagnostic);
            }

            if (WsResilienceSymbols.FindCloseOrAbortAsync(semanticModel.Compilation) is { } closeOrAbort
                && CloseOrAbortRewrite.CanRewrite(call))
            {
                var cancellation = call.CancellableToken(semanticModel, context.CancellationToken);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Close with a timeout, then abort (WsResilience CloseOrAbortAsync)",
                        token => CloseOrAbortRewrite.ApplyAsync(context.Document, call, closeOrAbort, cancellation, token),
                        CloseOrAbortEquivalenceKey),
                    diagnostic);
            }
        }
    }
}
