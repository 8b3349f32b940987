using System.Collections.Generic;
using System.Runtime.CompilerServices;
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

    /// <summary>The outermost operation above <paramref name="operation"/>: the body of the member, or the top-level statements.</summary>
    public static IOperation Root(this IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>True for the <c>null</c> literal, seen through the conversion to the compared type.</summary>
    public static bool IsNullConstant(this IOperation operation)
    {
        var constant = operation.WithoutImplicitConversions().ConstantValue;
        return constant.HasValue && constant.Value is null;
    }

    /// <summary>True when <paramref name="operation"/> holds a compile-time integer or enum constant equal to <paramref name="value"/>.</summary>
    public static bool IsIntegerConstant(this IOperation operation, long value)
    {
        var constant = operation.WithoutImplicitConversions().ConstantValue;
        return constant.HasValue && constant.Value switch
        {
            int i => i == value,
            long l => l == value,
            short s => s == value,
            ushort us => us == value,
            uint ui => ui == value,
            ulong ul => value >= 0 && ul == (ulong)value,
            _ => false,
        };
    }

    /// <summary>
    /// The operation and its descendants, and for each local it reads, the local's initializer and its descendants
    /// (one level): <c>var silence = now - lastMessage; if (silence &gt; timeout)</c> reads as the comparison it stands for.
    /// </summary>
    public static IEnumerable<IOperation> DescendantsAndSelfThroughLocals(this IOperation operation)
    {
        foreach (var part in operation.DescendantsAndSelf())
        {
            yield return part;
            if (part is ILocalReferenceOperation local && local.InitializerOf() is { } initializer)
            {
                foreach (var initializerPart in initializer.DescendantsAndSelf())
                {
                    yield return initializerPart;
                }
            }
        }
    }

    /// <summary>The value a local was declared with, found in the same member body; null when it has none.</summary>
    /// <remarks>Found from the local's declarator, not by walking the body: asked for every local a condition reads.</remarks>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public static IOperation? InitializerOf(this ILocalReferenceOperation reference)
    {
        if (reference.SemanticModel is not { } semanticModel)
        {
            return null;
        }

        foreach (var declaration in reference.Local.DeclaringSyntaxReferences)
        {
            if (declaration.SyntaxTree == semanticModel.SyntaxTree
                && semanticModel.GetOperation(declaration.GetSyntax()) is IVariableDeclaratorOperation { Initializer: { } initializer })
            {
                return initializer.Value;
            }
        }

        return null;
    }

    /// <summary>The first ancestor-or-self that is not a conversion: where a converted value actually goes.</summary>
    public static IOperation WithoutConversionsUpward(this IOperation operation)
    {
        while (operation is IConversionOperation && operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }
}
