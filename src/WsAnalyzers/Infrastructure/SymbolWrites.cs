using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Infrastructure;

/// <summary>Where a local, parameter, field or property gets a value inside a piece of code.</summary>
internal static class SymbolWrites
{
    /// <summary>
    /// Adds to <paramref name="writes"/> every operation under <paramref name="root"/> that stores into
    /// <paramref name="symbol"/>: declarators with an initializer, assignments (simple, compound, <c>??=</c>),
    /// increments, <c>ref</c>/<c>out</c> arguments and deconstructions.
    /// </summary>
    public static void Collect(IOperation root, ISymbol symbol, List<IOperation> writes)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when declarator.Initializer is not null
                    && SymbolEqualityComparer.Default.Equals(declarator.Symbol, symbol):
                    writes.Add(declarator);
                    break;

                case IAssignmentOperation assignment when Refers(assignment.Target, symbol):
                    writes.Add(assignment);
                    break;

                case IIncrementOrDecrementOperation increment when Refers(increment.Target, symbol):
                    writes.Add(increment);
                    break;

                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument when Refers(argument.Value, symbol):
                    writes.Add(argument);
                    break;

                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var target in deconstruction.Target.DescendantsAndSelf())
                    {
                        if (Refers(target, symbol))
                        {
                            writes.Add(deconstruction);
                            break;
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>The value a write stores, when it is a plain one (declarator or simple assignment); null otherwise.</summary>
    public static IOperation? StoredValue(IOperation write)
    {
        return write switch
        {
            IVariableDeclaratorOperation declarator => declarator.Initializer?.Value,
            ISimpleAssignmentOperation assignment => assignment.Value,
            _ => null,
        };
    }

    /// <summary>True when a write stores null or <c>default</c>: it drops an instance rather than creating one.</summary>
    public static bool StoresNothing(IOperation write)
    {
        var value = StoredValue(write)?.WithoutImplicitConversions();
        return value is IDefaultValueOperation
            || value is { ConstantValue: { HasValue: true, Value: null } };
    }

    private static bool Refers(IOperation target, ISymbol symbol)
    {
        var referenced = target.WithoutImplicitConversions().ReferencedSymbol();
        return referenced is not null && SymbolEqualityComparer.Default.Equals(referenced.OriginalDefinition, symbol.OriginalDefinition)
            && IsOwnMember(target.WithoutImplicitConversions());
    }

    /// <summary>Fields and properties count only on <c>this</c> or statically: another object's field is another variable.</summary>
    private static bool IsOwnMember(IOperation target)
    {
        return target switch
        {
            IFieldReferenceOperation field => field.Instance is null or IInstanceReferenceOperation,
            IPropertyReferenceOperation property => property.Instance is null or IInstanceReferenceOperation,
            _ => true,
        };
    }
}
