using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>The edit most fixes make: one node of the document replaced by another.</summary>
internal static class DocumentEdits
{
    public static async Task<Document> ReplaceNodeAsync(
        Document document, SyntaxNode original, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(original, replacement));
    }
}
