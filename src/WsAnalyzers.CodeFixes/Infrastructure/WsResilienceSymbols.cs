using System.Linq;
using Microsoft.CodeAnalysis;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.CodeFixes.Infrastructure;

internal static class WsResilienceSymbols
{
    /// <summary>
    /// The <c>CloseOrAbortAsync(WebSocket, WebSocketCloseStatus, string?, TimeSpan, CancellationToken)</c>
    /// extension when the compilation can call it; null otherwise, and then the fix is not offered.
    /// </summary>
    public static IMethodSymbol? FindCloseOrAbortAsync(Compilation compilation)
    {
        var extensions = compilation.GetBestTypeByMetadataName(WsResilienceNames.WebSocketExtensions);
        if (extensions is null || !compilation.IsSymbolAccessibleWithin(extensions, compilation.Assembly))
        {
            return null;
        }

        return extensions.GetMembers(WsResilienceNames.CloseOrAbortAsync)
            .OfType<IMethodSymbol>()
            .FirstOrDefault(method => method.IsExtensionMethod
                && method.Parameters.Length >= 4
                && method.Parameters[3].Type.Name == "TimeSpan"
                && compilation.IsSymbolAccessibleWithin(method, compilation.Assembly));
    }

    /// <summary>
    /// <c>WebSocketHeartbeat.Configure(ClientWebSocketOptions, TimeSpan interval, TimeSpan timeout)</c> when the
    /// compilation can call it; null otherwise, and then the heartbeat fix is not offered.
    /// </summary>
    public static IMethodSymbol? FindHeartbeatConfigure(Compilation compilation)
    {
        var heartbeat = compilation.GetBestTypeByMetadataName(WsResilienceNames.WebSocketHeartbeat);
        if (heartbeat is null || !compilation.IsSymbolAccessibleWithin(heartbeat, compilation.Assembly))
        {
            return null;
        }

        return heartbeat.GetMembers(WsResilienceNames.HeartbeatConfigure)
            .OfType<IMethodSymbol>()
            .FirstOrDefault(method => method.IsStatic
                && method.Parameters.Length == 3
                && method.Parameters[0].Type.Name == "ClientWebSocketOptions"
                && method.Parameters[1].Type.Name == "TimeSpan"
                && method.Parameters[2].Type.Name == "TimeSpan"
                && compilation.IsSymbolAccessibleWithin(method, compilation.Assembly));
    }

    /// <summary>
    /// <c>WebSocketClosure</c> when the compilation can call <c>WebSocketClosure.From(socket)</c> and
    /// <c>From(socket, exception)</c> and read <paramref name="propertyName"/>; null otherwise.
    /// </summary>
    public static INamedTypeSymbol? FindWebSocketClosure(Compilation compilation, string? propertyName = null)
    {
        var closure = compilation.GetBestTypeByMetadataName(WsResilienceNames.WebSocketClosure);
        if (closure is null || !compilation.IsSymbolAccessibleWithin(closure, compilation.Assembly))
        {
            return null;
        }

        var hasFrom = closure.GetMembers(WsResilienceNames.WebSocketClosureFrom)
            .OfType<IMethodSymbol>()
            .Any(method => method.IsStatic
                && method.Parameters.Length == 2
                && method.Parameters[1].IsOptional
                && SymbolEqualityComparer.Default.Equals(method.ReturnType, closure)
                && compilation.IsSymbolAccessibleWithin(method, compilation.Assembly));
        var hasProperty = propertyName is null || closure.GetMembers(propertyName)
            .OfType<IPropertySymbol>()
            .Any(property => !property.IsStatic && compilation.IsSymbolAccessibleWithin(property, compilation.Assembly));
        return hasFrom && hasProperty ? closure : null;
    }

    /// <summary>
    /// WsResilience.AspNetCore's <c>AcceptTrackedWebSocketAsync(this HttpContext, string? subProtocol = null)</c> when the
    /// compilation can call it; null otherwise, and then the tracked-accept fix is not offered.
    /// </summary>
    public static IMethodSymbol? FindAcceptTrackedWebSocketAsync(Compilation compilation)
    {
        var extensions = compilation.GetBestTypeByMetadataName(WsResilienceNames.HttpContextWebSocketExtensions);
        if (extensions is null || !compilation.IsSymbolAccessibleWithin(extensions, compilation.Assembly))
        {
            return null;
        }

        return extensions.GetMembers(WsResilienceNames.AcceptTrackedWebSocketAsync)
            .OfType<IMethodSymbol>()
            .FirstOrDefault(method => method.IsExtensionMethod
                && method.Parameters.Length == 2
                && method.Parameters[1].Type.SpecialType == SpecialType.System_String
                && compilation.IsSymbolAccessibleWithin(method, compilation.Assembly));
    }
}
