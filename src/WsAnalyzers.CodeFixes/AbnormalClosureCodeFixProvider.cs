using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using WsAnalyzers.CodeFixes.Infrastructure;

namespace WsAnalyzers.CodeFixes;

/// <summary>
/// What the WS0004 fix providers share: the rule ID, Fix All, and routing each diagnostic to the provider
/// that knows its shape (the analyzers put the shape in the diagnostic's properties).
/// </summary>
public abstract class AbnormalClosureCodeFixProvider : CodeFixProvider
{
    private readonly ImmutableArray<string> _shapes;

    private protected AbnormalClosureCodeFixProvider(params string[] shapes) => _shapes = ImmutableArray.Create(shapes);

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.AbnormalClosureIgnored);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var shape in _shapes)
            {
                if (AbnormalClosureFixes.HasShape(diagnostic, shape))
                {
                    await RegisterAsync(context, root, diagnostic, shape).ConfigureAwait(false);
                    break;
                }
            }
        }
    }

    /// <summary>Registers the fixes for one diagnostic of a shape this provider handles.</summary>
    private protected abstract Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic, string shape);

    private protected static async Task<Document> ReplaceAsync(
        Document document, SyntaxNode original, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(original, replacement));
    }
}
