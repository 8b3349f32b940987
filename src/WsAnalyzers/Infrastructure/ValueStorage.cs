using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Infrastructure;

/// <summary>Where the code keeps a freshly created object, so that later uses of it can be recognised.</summary>
internal readonly struct ValueStorage
{
    private ValueStorage(ISymbol? symbol, bool isReturned)
    {
        Symbol = symbol;
        IsReturned = isReturned;
    }

    /// <summary>The local, field or property the value is stored in; null when it is not stored in one.</summary>
    public ISymbol? Symbol { get; }

    /// <summary>The value is handed straight back to the caller (<c>return new …</c>, an expression body).</summary>
    public bool IsReturned { get; }

    /// <summary>
    /// Follows <paramref name="value"/> to its destination: a local's declaration, a field or property
    /// initializer, an assignment (<c>=</c> or <c>??=</c>) to a local or to a member of <c>this</c>, or a return.
    /// Anything else (an argument, an element of a collection) leaves the value untracked.
    /// </summary>
    public static ValueStorage Of(IOperation value)
    {
        var current = value;
        var parent = current.Parent;
        while (parent is IConversionOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        return parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => new ValueStorage(declarator.Symbol, false),
            IFieldInitializerOperation { InitializedFields.Length: 1 } field => new ValueStorage(field.InitializedFields[0], false),
            IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => new ValueStorage(property.InitializedProperties[0], false),
            ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, current) => new ValueStorage(SymbolOf(assignment.Target), false),
            ICoalesceAssignmentOperation assignment when ReferenceEquals(assignment.Value, current) => new ValueStorage(SymbolOf(assignment.Target), false),
            IReturnOperation => new ValueStorage(null, true),
            _ => default,
        };
    }

    /// <summary>
    /// The local, parameter, field or property that <paramref name="reference"/> names, when it is read
    /// through <c>this</c> or statically; a member of another object (<c>other._socket</c>) gives null.
    /// </summary>
    public static ISymbol? SymbolOf(IOperation reference)
    {
        return reference.WithoutImplicitConversions() switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field when IsOwnInstance(field.Instance) => field.Field,
            IPropertyReferenceOperation { Arguments.Length: 0 } property when IsOwnInstance(property.Instance) => property.Property,
            _ => null,
        };
    }

    private static bool IsOwnInstance(IOperation? instance)
    {
        return instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };
    }
}
