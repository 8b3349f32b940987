using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>What every fix reads before it can find its site: the document's syntax root and semantic model.</summary>
internal static class DocumentSyntax
{
    /// <summary>Both, or null when the document has no syntax tree (then no fix applies).</summary>
    public static async Task<(SyntaxNode Root, SemanticModel SemanticModel)?> RootAndModelAsync(this Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is null || semanticModel is null ? null : (root, semanticModel);
    }
}
