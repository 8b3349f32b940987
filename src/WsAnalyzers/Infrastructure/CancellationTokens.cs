using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Infrastructure;

/// <summary>Recognises cancellation tokens that can never be cancelled.</summary>
internal static class CancellationTokens
{
    /// <summary>
    /// True for <c>CancellationToken.None</c>, <c>default</c>, <c>default(CancellationToken)</c> and
    /// <c>new CancellationToken()</c> / <c>new CancellationToken(false)</c>.
    /// </summary>
    public static bool NeverCancels(IOperation token)
    {
        switch (token.WithoutImplicitConversions())
        {
            case IPropertyReferenceOperation { Property: { Name: "None", IsStatic: true } property }:
                return IsCancellationToken(property.ContainingType);
            case IDefaultValueOperation defaultValue:
                return IsCancellationToken(defaultValue.Type);
            case IObjectCreationOperation creation when IsCancellationToken(creation.Type):
                return creation.Arguments.Length == 0
                    || creation.Arguments.Length == 1 && creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: false };
            default:
                return false;
        }
    }

    private static bool IsCancellationToken(ITypeSymbol? type)
    {
        return type is INamedTypeSymbol { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
    }
}
