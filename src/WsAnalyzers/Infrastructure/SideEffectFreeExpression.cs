using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// Expressions a code fix may write a second time without running anything twice: locals, parameters,
/// <c>this</c>, and fields or argument-less properties reached from those.
/// </summary>
internal static class SideEffectFreeExpression
{
    public static bool IsRepeatable(IOperation operation)
    {
        operation = operation.WithoutImplicitConversions();
        switch (operation)
        {
            case ILocalReferenceOperation:
            case IParameterReferenceOperation:
            case IInstanceReferenceOperation { IsImplicit: false }:
                return true;

            case IFieldReferenceOperation field:
                return field.Instance is null || field.Instance.IsImplicit || IsRepeatable(field.Instance);

            case IPropertyReferenceOperation { Arguments.IsEmpty: true } property:
                return property.Instance is null || property.Instance.IsImplicit || IsRepeatable(property.Instance);

            default:
                return false;
        }
    }
}
