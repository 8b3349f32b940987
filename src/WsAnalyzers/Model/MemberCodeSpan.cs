using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace WsAnalyzers.Model;

/// <summary>
/// The part of a member's declaration that holds its code: after the parameter list of a method, constructor, operator
/// or local function (a constructor's <c>: this(…)</c> included), the whole declaration for anything else. The text
/// filters of the connect search read only this part, so that a method's own name is not taken for a call: each of a
/// project's <c>ConnectAsync</c> methods spells "ConnectAsync" in its signature, and was bound to find out that its code
/// calls something else.
/// </summary>
internal static class MemberCodeSpan
{
    public static TextSpan Of(SyntaxNode declaration) => declaration switch
    {
        BaseMethodDeclarationSyntax method => TextSpan.FromBounds(method.ParameterList.Span.End, method.Span.End),
        LocalFunctionStatementSyntax function => TextSpan.FromBounds(function.ParameterList.Span.End, function.Span.End),
        _ => declaration.Span,
    };

    /// <summary>True when the declaration's code spells <paramref name="word"/> (in a comment or a string too).</summary>
    public static bool Spells(SyntaxTree tree, SyntaxNode declaration, string word, CancellationToken cancellationToken)
    {
        var code = Of(declaration);
        return TreeText.Spells(TreeText.Of(tree, cancellationToken), word, code.Start, code.End);
    }
}
