using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using WsAnalyzers.CodeFixes.Infrastructure;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.CodeFixes;

/// <summary>
/// WS0007 fixes: accept through WsResilience.AspNetCore's tracking, which closes every tracked socket with 1001 when
/// the application stops; or, in the BCL alone, register on <c>ApplicationStopping</c> a close with 1001 that cannot
/// hang: <c>CloseOutputAsync</c> (which does not wait for the peer) given 5 seconds, then <c>Abort()</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SessionsNotClosedOnShutdownCodeFixProvider)), Shared]
public sealed class SessionsNotClosedOnShutdownCodeFixProvider : CodeFixProvider
{
    public const string TrackedAcceptEquivalenceKey = "WS0007.TrackedAccept";
    public const string CloseOnStoppingEquivalenceKey = "WS0007.CloseOnStopping";

    private const int CloseSeconds = 5;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.SessionsNotClosedOnShutdown);

    // The fixes of one document share their using directives, which a text-merging batch fixer would add twice or drop.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        (context, document, diagnostics) => FixDocumentAsync(document, diagnostics, context.CodeActionEquivalenceKey ?? CloseOnStoppingEquivalenceKey, context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.Document.RootAndModelAsync(context.CancellationToken).ConfigureAwait(false) is not (var root, var semanticModel))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (AcceptSite.Find(root, semanticModel, diagnostic, context.CancellationToken) is not { } site)
            {
                continue;
            }

            var only = ImmutableArray.Create(diagnostic);
            if (WsResilienceSymbols.FindAcceptTrackedWebSocketAsync(semanticModel.Compilation) is not null && site.TakesAtMostASubProtocol)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Accept with WsResilience tracking (AcceptTrackedWebSocketAsync), which closes with 1001 on shutdown",
                        token => FixDocumentAsync(context.Document, only, TrackedAcceptEquivalenceKey, token),
                        TrackedAcceptEquivalenceKey),
                    diagnostic);
            }

            if (StoppingSymbols.Find(semanticModel.Compilation) is not null && site.Declaration is not null && site.HasPlainHttpContext)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Close the session with 1001 when the application stops ({CloseSeconds} s limit, then abort)",
                        token => FixDocumentAsync(context.Document, only, CloseOnStoppingEquivalenceKey, token),
                        CloseOnStoppingEquivalenceKey),
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

        var compilation = semanticModel.Compilation;
        var tracked = equivalenceKey == TrackedAcceptEquivalenceKey ? WsResilienceSymbols.FindAcceptTrackedWebSocketAsync(compilation) : null;
        var stopping = equivalenceKey == CloseOnStoppingEquivalenceKey ? StoppingSymbols.Find(compilation) : null;
        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        var imports = new List<(int Position, IMethodSymbol Extension)>();
        foreach (var diagnostic in diagnostics)
        {
            if (AcceptSite.Find(root, semanticModel, diagnostic, cancellationToken) is not { } site)
            {
                continue;
            }

            if (tracked is not null && site.TakesAtMostASubProtocol)
            {
                var call = SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, site.HttpContext.WithoutTrivia(), SyntaxFactory.IdentifierName(tracked.Name)),
                        site.Invocation.ArgumentList)
                    .WithTriviaFrom(site.Invocation);
                editor.ReplaceNode(site.Invocation, call);
                imports.Add((site.Invocation.SpanStart, tracked));
            }
            else if (stopping is not null && site.Declaration is { } declaration && site.HasPlainHttpContext)
            {
                InsertCloseOnStopping(editor, semanticModel, site, declaration, stopping.Value);
                imports.Add((declaration.SpanStart, stopping.Value.GetRequiredService));
            }
        }

        var newRoot = editor.GetChangedRoot();
        foreach (var (position, extension) in imports)
        {
            newRoot = ExtensionMethodScope.ImportIfNeeded(newRoot, semanticModel, position, extension);
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static void InsertCloseOnStopping(
        SyntaxEditor editor, SemanticModel semanticModel, AcceptSite site, LocalDeclarationStatementSyntax declaration, (INamedTypeSymbol Lifetime, IMethodSymbol GetRequiredService) stopping)
    {
        var position = declaration.SpanStart;
        string Name(string namespaceName, string typeName) => TypeNames.Shortest(semanticModel, position, namespaceName, typeName);

        var registration = AbnormalClosureFixes.UnusedLocalName(semanticModel, declaration.Span.End, "closeOnStopping");
        var socket = site.Socket.ValueText;
        var lifetime = Name(stopping.Lifetime.ContainingNamespace.ToDisplayString(), stopping.Lifetime.Name);
        var limit = TypeNames.TimeSpanFromSeconds(semanticModel, position, CloseSeconds);

        // CloseOutputAsync sends the close frame without waiting for the peer's; the deadline covers a send that a dead
        // peer's full TCP window blocks, and Abort() ends that send and the session when it passes.
        var text = $$"""
            using var {{registration}} = {{site.HttpContext.WithoutTrivia()}}.RequestServices.GetRequiredService<{{lifetime}}>().ApplicationStopping.Register(() =>
                {{socket}}.CloseOutputAsync({{Name("System.Net.WebSockets", "WebSocketCloseStatus")}}.EndpointUnavailable, "Server stopping", {{Name("System.Threading", "CancellationToken")}}.None)
                    .WaitAsync({{limit}})
                    .ContinueWith(_ => {{socket}}.Abort(), {{Name("System.Threading.Tasks", "TaskContinuationOptions")}}.NotOnRanToCompletion));
            """;
        var endOfLine = UsingDirectives.DetectLineEnding(declaration.SyntaxTree.GetRoot());
        var statement = SyntaxFactory.ParseStatement(text.Replace("\r\n", "\n").Replace("\n", endOfLine))
            .WithTrailingTrivia(SyntaxFactory.ElasticEndOfLine(endOfLine))
            .WithAdditionalAnnotations(Formatter.Annotation);
        if (declaration.Parent is GlobalStatementSyntax global)
        {
            editor.InsertAfter(global, SyntaxFactory.GlobalStatement(statement).WithAdditionalAnnotations(Formatter.Annotation));
        }
        else
        {
            editor.InsertAfter(declaration, statement);
        }
    }

    /// <summary>What the BCL fix calls: <c>IHostApplicationLifetime</c>, <c>GetRequiredService&lt;T&gt;</c>, and <c>Task.WaitAsync(TimeSpan)</c> (.NET 6 and later).</summary>
    private static class StoppingSymbols
    {
        public static (INamedTypeSymbol Lifetime, IMethodSymbol GetRequiredService)? Find(Compilation compilation)
        {
            var lifetime = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Hosting.IHostApplicationLifetime");
            var getRequiredService = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions")?
                .GetMembers("GetRequiredService").OfType<IMethodSymbol>().FirstOrDefault(method => method.IsGenericMethod && method.Parameters.Length == 1);
            var hasWaitAsync = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.Task")?
                .GetMembers("WaitAsync").OfType<IMethodSymbol>().Any(method => method.Parameters.Length == 1 && method.Parameters[0].Type.Name == "TimeSpan") == true;
            return lifetime is not null && getRequiredService is not null && hasWaitAsync ? (lifetime, getRequiredService) : null;
        }
    }
}
