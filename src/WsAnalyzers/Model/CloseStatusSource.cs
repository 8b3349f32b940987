using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// Recognises values that come from the framework's <c>CloseStatus</c> (of a <c>WebSocket</c> or a
/// <c>WebSocketReceiveResult</c>): the property itself, its <c>.Value</c>, <c>GetValueOrDefault()</c>,
/// <c>?? fallback</c>, casts to an integer, and locals assigned one of those in the same body.
/// Close codes from other libraries (websocket-sharp's <c>CloseEventArgs.Code</c>, say) do report 1006,
/// so values that merely have the <c>WebSocketCloseStatus</c> type, or were cast to it from an integer, never count.
/// </summary>
internal static class CloseStatusSource
{
    public static bool IsFromCloseStatus(IOperation operation, WebSocketSymbols symbols)
    {
        return IsFromCloseStatus(operation, symbols, followLocals: true);
    }

    /// <summary>
    /// The <c>socket.CloseStatus</c> property read that <paramref name="operation"/> is computed from, when
    /// the socket is a <c>WebSocket</c> (not a receive result) and the value is reached without a local.
    /// </summary>
    public static IPropertyReferenceOperation? FindSocketCloseStatus(IOperation operation, WebSocketSymbols symbols)
    {
        while (true)
        {
            operation = operation.WithoutImplicitConversions();
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case ICoalesceOperation coalesce:
                    operation = coalesce.Value;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "GetValueOrDefault", Instance: { } instance }:
                    operation = instance;
                    continue;
                case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } instance }:
                    operation = instance;
                    continue;
                case IPropertyReferenceOperation property when IsSocketCloseStatus(property, symbols):
                    return property;
                default:
                    return null;
            }
        }
    }

    /// <summary>True for <c>CloseStatus</c> read from a <c>WebSocket</c> (or a type derived from it).</summary>
    public static bool IsSocketCloseStatus(IPropertyReferenceOperation property, WebSocketSymbols symbols)
    {
        return property.Property.Name == "CloseStatus" && symbols.IsWebSocket(property.Property.ContainingType);
    }

    private static bool IsFromCloseStatus(IOperation operation, WebSocketSymbols symbols, bool followLocals)
    {
        operation = operation.WithoutImplicitConversions();
        switch (operation)
        {
            case IConversionOperation conversion:
                // Integers cast to WebSocketCloseStatus stay whatever they were before the cast.
                return IsCloseStatusOrIntegral(conversion.Operand.Type, symbols)
                    && IsFromCloseStatus(conversion.Operand, symbols, followLocals);

            case ICoalesceOperation coalesce:
                return IsFromCloseStatus(coalesce.Value, symbols, followLocals);

            case IInvocationOperation { TargetMethod.Name: "GetValueOrDefault", Instance: { } instance }:
                return IsFromCloseStatus(instance, symbols, followLocals);

            case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } instance }:
                return IsFromCloseStatus(instance, symbols, followLocals);

            case IPropertyReferenceOperation { Property.Name: "CloseStatus" } property:
                return symbols.IsWebSocket(property.Property.ContainingType)
                    || SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, symbols.WebSocketReceiveResult);

            case ILocalReferenceOperation local when followLocals:
                return LocalIsAssignedFromCloseStatus(local, symbols);

            default:
                return false;
        }
    }

    private static bool LocalIsAssignedFromCloseStatus(ILocalReferenceOperation reference, WebSocketSymbols symbols)
    {
        var root = reference.Root();
        foreach (var operation in root.Descendants())
        {
            var assigned = operation switch
            {
                IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local)
                    => declarator.Initializer?.Value,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local)
                    => assignment.Value,
                _ => null,
            };

            if (assigned is not null && IsFromCloseStatus(assigned, symbols, followLocals: false))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCloseStatusOrIntegral(ITypeSymbol? type, WebSocketSymbols symbols)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return SymbolEqualityComparer.Default.Equals(type, symbols.WebSocketCloseStatus) || IsIntegral(type);
    }

    public static bool IsIntegral(ITypeSymbol? type)
    {
        return type?.SpecialType is SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64;
    }
}
