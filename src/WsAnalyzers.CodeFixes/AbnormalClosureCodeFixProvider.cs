using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using WsAnalyzers.CodeFixes.AbnormalClosureShapes;
using WsAnalyzers.CodeFixes.Infrastructure;

namespace WsAnalyzers.CodeFixes;

/// <summary>
/// The one fixer for WS0004, whatever the shape. One fixer with one equivalence key for every shape's first fix
/// is what lets a single Fix All (and <c>dotnet format analyzers</c>, which runs Fix All once per rule ID and
/// fixer, with the key of the first finding's first fix) handle every WS0004 finding: swallowed closures,
/// comparisons with 1006, 1006 sent, and unguarded <c>CloseStatus.Value</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AbnormalClosureCodeFixProvider)), Shared]
public sealed class AbnormalClosureCodeFixProvider : CodeFixProvider
{
    /// <summary>Each shape's fix that needs nothing but the BCL.</summary>
    public const string EquivalenceKey = "WS0004";

    /// <summary>Each shape's fix that uses WsResilience's <c>WebSocketClosure</c>, offered when it is referenced.</summary>
    public const string WsResilienceEquivalenceKey = "WS0004.WsResilience";

    private static readonly ImmutableArray<AbnormalClosureShapeFixes> ShapeFixes = ImmutableArray.Create<AbnormalClosureShapeFixes>(
        new SwallowedClosureFixes(),
        new CloseStatusCodeFixes(),
        new CloseStatusValueFixes());

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.AbnormalClosureIgnored);

    public override FixAllProvider GetFixAllProvider() => new DefaultKeyFixAllProvider(EquivalenceKey);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var fixes in ShapeFixes)
            {
                if (HandledShape(fixes, diagnostic) is { } shape)
                {
                    await fixes.RegisterAsync(context, root, diagnostic, shape).ConfigureAwait(false);
                    break;
                }
            }
        }
    }

    private static string? HandledShape(AbnormalClosureShapeFixes fixes, Diagnostic diagnostic)
    {
        foreach (var shape in fixes.Shapes)
        {
            if (AbnormalClosureShapeFixes.HasShape(diagnostic, shape))
            {
                return shape;
            }
        }

        return null;
    }
}
