using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>What the WS0004 fixes share: reading the analyzers' hints and writing the WsResilience call.</summary>
internal static class AbnormalClosureFixes
{
    public static bool HasShape(Diagnostic diagnostic, string shape)
    {
        return diagnostic.Properties.TryGetValue(AbnormalClosure.ShapeProperty, out var value) && value == shape;
    }

    /// <summary>The socket expression the analyzer vouched for as repeatable at the diagnostic, if any.</summary>
    public static ExpressionSyntax? Socket(Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(AbnormalClosure.SocketProperty, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var expression = SyntaxFactory.ParseExpression(text!);
        return expression.ContainsDiagnostics ? null : expression.WithoutTrivia();
    }

    /// <summary><c>WebSocketClosure.From(socket)</c> or <c>WebSocketClosure.From(socket, error)</c>, simplified against the file's usings.</summary>
    public static InvocationExpressionSyntax ClosureFrom(ExpressionSyntax socket, string? errorName = null)
    {
        var arguments = SyntaxFactory.SeparatedList(errorName is null
            ? new[] { SyntaxFactory.Argument(socket) }
            : new[] { SyntaxFactory.Argument(socket), SyntaxFactory.Argument(SyntaxFactory.IdentifierName(errorName)) });
        return SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                QualifiedExpression(WsResilienceNames.WebSocketClosure),
                SyntaxFactory.IdentifierName(WsResilienceNames.WebSocketClosureFrom)),
            SyntaxFactory.ArgumentList(arguments));
    }

    /// <summary><c>global::Namespace.Type</c>, which the simplifier shortens as far as the file's usings allow.</summary>
    public static TypeSyntax QualifiedType(string metadataName)
    {
        return SyntaxFactory.ParseTypeName("global::" + metadataName).WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary>
    /// The same, parsed as an expression (for <c>Type.Member</c>), so that the tree matches what a parser makes
    /// of the simplified text.
    /// </summary>
    public static ExpressionSyntax QualifiedExpression(string metadataName)
    {
        return SyntaxFactory.ParseExpression("global::" + metadataName).WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary><paramref name="preferred"/>, or it with a number appended, whichever no symbol in scope at <paramref name="position"/> uses.</summary>
    public static string UnusedLocalName(SemanticModel semanticModel, int position, string preferred)
    {
        var candidate = preferred;
        for (var suffix = 2; !semanticModel.LookupSymbols(position, name: candidate).IsEmpty; suffix++)
        {
            candidate = preferred + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
