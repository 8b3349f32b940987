using System.Collections.Generic;
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

    // The fixes of one document share the using directive CloseOrAbortAsync needs, and the text merge of a batch
    // fixer drops edits whose formatting touches the same lines: apply them together, per document.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        (context, document, diagnostics) => FixDocumentAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.Document.RootAndModelAsync(context.CancellationToken).ConfigureAwait(false) is not (var root, var semanticModel))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindCall(root, diagnostic) is not { } call)
            {
                continue;
            }

            var only = ImmutableArray.Create(diagnostic);
            if (BoundedCloseRewrite.Plan(call, semanticModel, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Close with a {BoundedCloseRewrite.TimeoutSeconds} s time limit, then abort",
                        token => FixDocumentAsync(context.Document, only, BoundedCloseEquivalenceKey, token),
                        BoundedCloseEquivalenceKey),
                    diagnostic);
            }

            if (WsResilienceSymbols.FindCloseOrAbortAsync(semanticModel.Compilation) is not null && CloseOrAbortRewrite.CanRewrite(call))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Close with a timeout, then abort (WsResilience CloseOrAbortAsync)",
                        token => FixDocumentAsync(context.Document, only, CloseOrAbortEquivalenceKey, token),
                        CloseOrAbortEquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixDocumentAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        if (await document.RootAndModelAsync(cancellationToken).ConfigureAwait(false) is not (var root, var semanticModel))
        {
            return document;
        }

        var closeOrAbort = equivalenceKey == CloseOrAbortEquivalenceKey ? WsResilienceSymbols.FindCloseOrAbortAsync(semanticModel.Compilation) : null;
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        var firstCall = -1;
        foreach (var diagnostic in diagnostics)
        {
            if (FindCall(root, diagnostic) is not { } call)
            {
                continue;
            }

            (SyntaxNode Old, SyntaxNode New)? replacement = null;
            if (closeOrAbort is not null
                && CloseOrAbortRewrite.Replacement(call, closeOrAbort, call.CancellableToken(semanticModel, cancellationToken), semanticModel) is { } newCall)
            {
                replacement = (call.Node, newCall);
            }
            else if (equivalenceKey == BoundedCloseEquivalenceKey)
            {
                replacement = BoundedCloseRewrite.Plan(call, semanticModel, cancellationToken)?.Replacement(semanticModel, cancellationToken);
            }

            if (replacement is { } change && !Overlaps(replacements.Keys, change.Old))
            {
                replacements[change.Old] = change.New;
                firstCall = firstCall < 0 ? call.Node.SpanStart : firstCall;
            }
        }

        if (replacements.Count == 0)
        {
            return document;
        }

        var newRoot = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
        if (closeOrAbort is not null)
        {
            newRoot = ExtensionMethodScope.ImportIfNeeded(newRoot, semanticModel, firstCall, closeOrAbort);
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static CloseCall? FindCall(SyntaxNode root, Diagnostic diagnostic)
    {
        return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation
            && invocation.Span == diagnostic.Location.SourceSpan
                ? CloseCall.Parse(invocation)
                : null;
    }

    // A close nested in another one's statement (in a lambda there) would be lost under the outer replacement,
    // which was built from the original: the next Fix All pass takes it.
    private static bool Overlaps(IEnumerable<SyntaxNode> taken, SyntaxNode candidate)
    {
        foreach (var node in taken)
        {
            if (node.Span.OverlapsWith(candidate.Span))
            {
                return true;
            }
        }

        return false;
    }
}
