using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Infrastructure;

internal static class OperationExtensions
{
    /// <summary>Looks through the implicit conversions the compiler inserts (bool to bool?, enum lifting).</summary>
    public static IOperation WithoutImplicitConversions(this IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>
    /// True for operations whose code runs at another time than the code around them: a lambda or a
    /// local function body. Walks up the tree stop there so that evidence about the enclosing code
    /// is not applied to deferred code.
    /// </summary>
    public static bool IsExecutionBoundary(this IOperation operation)
    {
        return operation is IAnonymousFunctionOperation or ILocalFunctionOperation;
    }

    /// <summary>The name of the local, parameter, field or property an operation reads, if it reads one.</summary>
    public static ISymbol? ReferencedSymbol(this IOperation operation)
    {
        return operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
    }

    /// <summary>The top of the operation tree: the body or initializer the operation belongs to.</summary>
    public static IOperation Root(this IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }
}
