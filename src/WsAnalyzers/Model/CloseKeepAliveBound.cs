using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

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

            if (SymbolEqualityComparer.Default.Equals(OptionsOwner(property), target))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The socket whose <c>Options</c> <paramref name="property"/> belongs to: <c>socket.Options.KeepAliveTimeout = …</c>,
    /// or <c>socket = new ClientWebSocket { Options = { KeepAliveTimeout = … } }</c> (a field, local or property
    /// initializer, or an assignment), where the receiver is implicit and the socket is where the creation is stored.
    /// </summary>
    private static ISymbol? OptionsOwner(IPropertyReferenceOperation property)
    {
        if (property.Instance is IPropertyReferenceOperation { Property.Name: "Options", Instance: { } owner })
        {
            return owner.WithoutImplicitConversions().ReferencedSymbol();
        }

        if (property.Instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
            || property.Parent?.Parent is not IObjectOrCollectionInitializerOperation { Parent: IMemberInitializerOperation options }
            || options.InitializedMember is not IPropertyReferenceOperation { Property.Name: "Options" }
            || options.Parent is not IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation })
        {
            return null;
        }

        IOperation stored = creation;
        while (stored.Parent is IConversionOperation conversion)
        {
            stored = conversion;
        }

        return stored.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            IFieldInitializerOperation { InitializedFields.Length: 1 } fieldInitializer => fieldInitializer.InitializedFields[0],
            IPropertyInitializerOperation { InitializedProperties.Length: 1 } propertyInitializer => propertyInitializer.InitializedProperties[0],
            ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, stored) => assignment.Target.ReferencedSymbol(),
            _ => null,
        };
    }
}
