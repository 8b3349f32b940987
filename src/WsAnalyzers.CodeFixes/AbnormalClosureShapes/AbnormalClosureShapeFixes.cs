using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using WsAnalyzers.CodeFixes.Infrastructure;

namespace WsAnalyzers.CodeFixes.AbnormalClosureShapes;

/// <summary>
/// The fixes for some of WS0004's shapes. <see cref="AbnormalClosureCodeFixProvider"/> routes each diagnostic to
/// the one that knows its shape (the analyzers put the shape in the diagnostic's properties).
/// </summary>
internal abstract class AbnormalClosureShapeFixes
{
    protected AbnormalClosureShapeFixes(params string[] shapes) => Shapes = shapes;

    public IReadOnlyList<string> Shapes { get; }

    /// <summary>
    /// Registers the fixes for one diagnostic: the BCL-only fix first, with
    /// <see cref="AbnormalClosureCodeFixProvider.EquivalenceKey"/>, then the WsResilience one, if any, with
    /// <see cref="AbnormalClosureCodeFixProvider.WsResilienceEquivalenceKey"/>.
    /// </summary>
    public abstract Task RegisterAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic, string shape);

    public static bool HasShape(Diagnostic diagnostic, string shape) => AbnormalClosureFixes.HasShape(diagnostic, shape);

    protected static Task<Document> ReplaceAsync(
        Document document, SyntaxNode original, SyntaxNode replacement, CancellationToken cancellationToken) =>
        DocumentEdits.ReplaceNodeAsync(document, original, replacement, cancellationToken);
}
