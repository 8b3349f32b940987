using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// The code a call on a failure path runs when it is an interface, abstract or virtual member: the implementation
/// of the one type the receiver ever holds, when every value stored into it (a field, property or local of the
/// caller) is created in the compilation with that type. Anything else, a socket wrapper passed in from outside
/// included, may run code the compilation does not show: unknown.
/// </summary>
internal static class FailureCallTarget
{
    /// <summary>The implementation the receiver's created type runs; null when the call is not a replaceable member or the receiver's type is unknown.</summary>
    public static IMethodSymbol? OfCreatedReceiver(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        if (!(method.ContainingType?.TypeKind == TypeKind.Interface || method.IsAbstract || method.IsVirtual || method.IsOverride)
            || invocation.Instance?.WithoutImplicitConversions().ReferencedSymbol() is not { Kind: SymbolKind.Local or SymbolKind.Field or SymbolKind.Property } receiver
            || CreatedType(invocation, receiver, cancellationToken) is not { } created)
        {
            return null;
        }

        if (method.ContainingType?.TypeKind == TypeKind.Interface)
        {
            return created.FindImplementationForInterfaceMember(method) as IMethodSymbol;
        }

        for (var type = created; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(method.Name))
            {
                if (member is IMethodSymbol candidate && Overrides(candidate, method))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool Overrides(IMethodSymbol candidate, IMethodSymbol method)
    {
        for (var current = candidate; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, method))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The one type every value stored into <paramref name="receiver"/> is created with; null when any store is something else.</summary>
    private static INamedTypeSymbol? CreatedType(IInvocationOperation invocation, ISymbol receiver, CancellationToken cancellationToken)
    {
        var values = new List<IOperation>();
        if (receiver is ILocalSymbol)
        {
            CollectStores(invocation.Root(), receiver, values);
        }
        else
        {
            // A member others can write may hold what they give it; only the caller's own private state is in sight.
            if (receiver.DeclaredAccessibility != Accessibility.Private || receiver.ContainingType is not { } owner)
            {
                return null;
            }

            var code = SourceCode.For(invocation.SemanticModel!.Compilation);
            foreach (var (_, root) in code.TypeRoots(owner, cancellationToken))
            {
                CollectStores(root, receiver, values);
            }
        }

        INamedTypeSymbol? created = null;
        foreach (var value in values)
        {
            if (value.WithoutImplicitConversions() is not IObjectCreationOperation { Type: INamedTypeSymbol type }
                || type.DeclaringSyntaxReferences.IsEmpty
                || (created is not null && !SymbolEqualityComparer.Default.Equals(created, type)))
            {
                return null;
            }

            created = type;
        }

        return created;
    }

    private static void CollectStores(IOperation root, ISymbol receiver, List<IOperation> values)
    {
        switch (root)
        {
            case IFieldInitializerOperation field when field.InitializedFields.Contains((receiver as IFieldSymbol)!):
                values.Add(field.Value);
                return;
            case IPropertyInitializerOperation property when property.InitializedProperties.Contains((receiver as IPropertySymbol)!):
                values.Add(property.Value);
                return;
        }

        var writes = new List<IOperation>();
        SymbolWrites.Collect(root, receiver, writes);
        foreach (var write in writes)
        {
            // A store that is not a plain value (a ref argument, a compound assignment) stands for an unknown value.
            values.Add(SymbolWrites.StoredValue(write) ?? write);
        }
    }
}
