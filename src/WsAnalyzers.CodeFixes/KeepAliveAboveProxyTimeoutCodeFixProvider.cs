using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using WsAnalyzers.CodeFixes.Infrastructure;
using WsAnalyzers.Rules;

namespace WsAnalyzers.CodeFixes;

/// <summary>
/// WS0008: sets the keep-alive interval below the proxies' idle timeout, to the interval the analyzer suggests (half
/// the timeout, at most 30 seconds): the value itself is replaced, a parameterless <c>UseWebSockets()</c> gets
/// <c>WebSocketOptions</c> with the interval, and <c>WebSocketOptions</c> that leave it at the default get an entry.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepAliveAboveProxyTimeoutCodeFixProvider)), Shared]
public sealed class KeepAliveAboveProxyTimeoutCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "WS0008.ShortenKeepAliveInterval";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.KeepAliveAboveProxyTimeout);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.Document.RootAndModelAsync(context.CancellationToken).ConfigureAwait(false) is not (var root, var semanticModel))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(KeepAliveAboveProxyTimeoutAnalyzer.SuggestedSecondsProperty, out var secondsText)
                || !double.TryParse(secondsText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                || seconds <= 0
                || !diagnostic.Properties.TryGetValue(KeepAliveAboveProxyTimeoutAnalyzer.ShapeProperty, out var shape))
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var interval = Interval(semanticModel, node.SpanStart, seconds);
            var replacement = shape switch
            {
                KeepAliveAboveProxyTimeoutAnalyzer.ExplicitInterval when node is ExpressionSyntax value =>
                    ((SyntaxNode)node, interval.WithTriviaFrom(value)),
                KeepAliveAboveProxyTimeoutAnalyzer.DefaultMiddleware when node is InvocationExpressionSyntax invocation =>
                    (node, invocation.AddArgumentListArguments(SyntaxFactory.Argument(NewOptions(semanticModel, node.SpanStart, interval)))),
                KeepAliveAboveProxyTimeoutAnalyzer.DefaultOptions when node is BaseObjectCreationExpressionSyntax creation =>
                    (node, WithInterval(creation, interval)),
                _ => ((SyntaxNode, SyntaxNode)?)null,
            };
            if (replacement is not { } edit)
            {
                continue;
            }

            var text = ProxyIntervalText(seconds);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Set KeepAliveInterval to {text}",
                    token => DocumentEdits.ReplaceNodeAsync(context.Document, edit.Item1, edit.Item2.WithAdditionalAnnotations(Formatter.Annotation), token),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static string ProxyIntervalText(double seconds) =>
        seconds >= 1 ? seconds.ToString("0", CultureInfo.InvariantCulture) + " s" : (seconds * 1000).ToString("0.###", CultureInfo.InvariantCulture) + " ms";

    /// <summary><c>TimeSpan.FromSeconds(n)</c> for whole seconds, <c>TimeSpan.FromMilliseconds(n)</c> below one.</summary>
    private static ExpressionSyntax Interval(SemanticModel semanticModel, int position, double seconds)
    {
        if (seconds >= 1)
        {
            return TypeNames.TimeSpanFromSeconds(semanticModel, position, (int)seconds);
        }

        var timeSpan = TypeNames.Shortest(semanticModel, position, "System", "TimeSpan");
        return SyntaxFactory.ParseExpression($"{timeSpan}.FromMilliseconds({(seconds * 1000).ToString("0.###", CultureInfo.InvariantCulture)})");
    }

    private static ObjectCreationExpressionSyntax NewOptions(SemanticModel semanticModel, int position, ExpressionSyntax interval)
    {
        var optionsType = TypeNames.Shortest(semanticModel, position, "Microsoft.AspNetCore.Builder", "WebSocketOptions");
        return SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName(optionsType))
            .WithArgumentList(SyntaxFactory.ArgumentList())
            .WithInitializer(InitializerEntries.Create(new ExpressionSyntax[] { InitializerEntries.Entry("KeepAliveInterval", interval) }));
    }

    private static BaseObjectCreationExpressionSyntax WithInterval(BaseObjectCreationExpressionSyntax creation, ExpressionSyntax interval)
    {
        var entry = InitializerEntries.Entry("KeepAliveInterval", interval);
        return creation.Initializer is { } initializer
            ? creation.WithInitializer(InitializerEntries.Insert(initializer, -1, new ExpressionSyntax[] { entry }))
            : creation.WithInitializer(InitializerEntries.Create(new ExpressionSyntax[] { entry }));
    }
}
