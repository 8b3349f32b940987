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

    private const int CloseOrAbortTimeoutSeconds = 5;

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
                && call.StatusArgument is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Close with a timeout, then abort (WsResilience CloseOrAbortAsync)",
                        token => ReplaceWithCloseOrAbortAsync(context.Document, call, closeOrAbort, token),
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

    private static async Task<Document> ReplaceWithCloseOrAbortAsync(
        Document document, CloseCall call, IMethodSymbol closeOrAbort, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || call.StatusArgument is null)
        {
            return document;
        }

        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (semanticModel is null)
        {
            return document;
        }

        var timeout = TypeNames.TimeSpanFromSeconds(semanticModel, call.Node.SpanStart, CloseOrAbortTimeoutSeconds);
        var description = call.DescriptionArgument ?? SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression);
        var arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
        {
            SyntaxFactory.Argument(call.StatusArgument.WithoutTrivia()),
            SyntaxFactory.Argument(description.WithoutTrivia()),
            SyntaxFactory.Argument(timeout),
        }));

        var replacement = call.WithMethod(closeOrAbort.Name, arguments)
            .WithTriviaFrom(call.Node)
            .WithAdditionalAnnotations(Formatter.Annotation);
        var newRoot = root.ReplaceNode(call.Node, replacement);

        if (!ExtensionMethodScope.IsInScope(semanticModel, call.Node.SpanStart, closeOrAbort)
            && newRoot is CompilationUnitSyntax compilationUnit)
        {
            newRoot = UsingDirectives.Add(compilationUnit, closeOrAbort.ContainingNamespace.ToDisplayString());
        }

        return document.WithSyntaxRoot(newRoot);
    }
}
