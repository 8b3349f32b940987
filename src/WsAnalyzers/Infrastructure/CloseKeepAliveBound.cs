using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Model;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// Whether the file shows a <c>KeepAliveTimeout</c> that bounds a close: once a ping goes unanswered for that long
/// the runtime aborts the socket, which ends a close that waits for a silent peer. Only frameworks that have the member
/// can set it, so code built for one without it never reaches this (the member name would not compile).
/// </summary>
internal static class CloseKeepAliveBound
{
    /// <summary>
    /// True when <paramref name="socket"/>'s <c>Options.KeepAliveTimeout</c> is assigned a value that may be on in this file,
    /// or when the socket was not created here (a parameter, a property of another object) and the file sets any
    /// <c>KeepAliveTimeout</c>: a server's accept options or a stream's creation options may be the ones that apply to it.
    /// </summary>
    public static bool Applies(IOperation socket, KeepAliveSymbols symbols, CancellationToken cancellationToken)
    {
        if (socket.SemanticModel is not { } semanticModel)
        {
            return false;
        }

        var tree = semanticModel.SyntaxTree;
        if (TreeText.Of(tree, cancellationToken).IndexOf("KeepAliveTimeout", StringComparison.Ordinal) < 0)
        {
            return false;
        }

        var target = socket.WithoutImplicitConversions().ReferencedSymbol();
        var ownSocket = target is IFieldSymbol or ILocalSymbol;
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            if (node is not AssignmentExpressionSyntax { Left: var left } assignment
                || !left.ToString().EndsWith("KeepAliveTimeout", StringComparison.Ordinal)
                || semanticModel.GetOperation(assignment, cancellationToken) is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } operation
                || property.Property.Name != "KeepAliveTimeout"
                || KeepAliveValue.IsOff(operation.Value, symbols))
            {
                continue;
            }

            if (!ownSocket)
            {
                return true;
            }

            if (property.Instance is IPropertyReferenceOperation { Property.Name: "Options", Instance: { } owner }
                && SymbolEqualityComparer.Default.Equals(owner.WithoutImplicitConversions().ReferencedSymbol(), target))
            {
                return true;
            }
        }

        return false;
    }
}
