using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// Replaces a <c>CloseAsync(status, description, token)</c> call with WsResilience's
/// <c>CloseOrAbortAsync(status, description, timeout[, token])</c> on the same receiver, importing its namespace when
/// the extension is not yet in scope. Shared by the fixes of WS0003 and WS0006.
/// </summary>
internal static class CloseOrAbortRewrite
{
    public const int TimeoutSeconds = 5;

    /// <summary>The fix applies only when the status is written out: CloseOrAbortAsync needs it first.</summary>
    public static bool CanRewrite(CloseCall call) => call.StatusArgument is not null;

    /// <param name="cancellation">A token some caller may still cancel, passed on; null drops the original token.</param>
    public static async Task<Document> ApplyAsync(
        Document document, CloseCall call, IMethodSymbol closeOrAbort, ExpressionSyntax? cancellation, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || Replacement(call, closeOrAbort, cancellation, semanticModel) is not { } replacement)
        {
            return document;
        }

        return document.WithSyntaxRoot(ExtensionMethodScope.ImportIfNeeded(root.ReplaceNode(call.Node, replacement), semanticModel, call.Node.SpanStart, closeOrAbort));
    }

    /// <summary>The call on the same receiver, for <see cref="CloseCall.Node"/>; null when the status is not written out.</summary>
    public static ExpressionSyntax? Replacement(CloseCall call, IMethodSymbol closeOrAbort, ExpressionSyntax? cancellation, SemanticModel semanticModel)
    {
        if (call.StatusArgument is null)
        {
            return null;
        }

        var timeout = TypeNames.TimeSpanFromSeconds(semanticModel, call.Node.SpanStart, TimeoutSeconds);
        var description = call.DescriptionArgument ?? SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression);
        var arguments = new List<ArgumentSyntax>
        {
            SyntaxFactory.Argument(call.StatusArgument.WithoutTrivia()),
            SyntaxFactory.Argument(description.WithoutTrivia()),
            SyntaxFactory.Argument(timeout),
        };
        if (cancellation is not null)
        {
            arguments.Add(SyntaxFactory.Argument(cancellation.WithoutTrivia()));
        }

        return call.WithMethod(closeOrAbort.Name, SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)))
            .WithTriviaFrom(call.Node)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
