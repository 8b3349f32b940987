using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// The keep-alive settings of every WebSocket API, resolved once per compilation. A
/// <c>KeepAliveTimeout</c> member is null where the framework lacks it (before .NET 9 and ASP.NET Core 9):
/// WS0001 tests for the member, never for a framework name.
/// </summary>
internal sealed class KeepAliveSymbols
{
    private KeepAliveSymbols(Compilation compilation, WebSocketSymbols webSockets)
    {
        WebSockets = webSockets;
        ClientWebSocket = compilation.GetBestTypeByMetadataName("System.Net.WebSockets.ClientWebSocket");
        ClientWebSocketOptions = compilation.GetBestTypeByMetadataName("System.Net.WebSockets.ClientWebSocketOptions");
        CreationOptions = compilation.GetBestTypeByMetadataName("System.Net.WebSockets.WebSocketCreationOptions");
        MiddlewareOptions = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Builder.WebSocketOptions");
        AcceptContext = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.WebSocketAcceptContext");
        HttpListenerContext = compilation.GetBestTypeByMetadataName("System.Net.HttpListenerContext");
        MiddlewareExtensions = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Builder.WebSocketMiddlewareExtensions");
        CancellationTokenSource = compilation.GetBestTypeByMetadataName("System.Threading.CancellationTokenSource");
        TimeSpan = compilation.GetBestTypeByMetadataName("System.TimeSpan");
        Timeout = compilation.GetBestTypeByMetadataName("System.Threading.Timeout");
        WebSocketHeartbeat = compilation.GetBestTypeByMetadataName(WsResilienceNames.WebSocketHeartbeat);

        ClientKeepAliveTimeout = FindProperty(ClientWebSocketOptions, "KeepAliveTimeout");
        CreationKeepAliveTimeout = FindProperty(CreationOptions, "KeepAliveTimeout");
        MiddlewareKeepAliveTimeout = FindProperty(MiddlewareOptions, "KeepAliveTimeout");
        AcceptContextKeepAliveTimeout = FindProperty(AcceptContext, "KeepAliveTimeout");
    }

    public WebSocketSymbols WebSockets { get; }

    public INamedTypeSymbol? ClientWebSocket { get; }

    public INamedTypeSymbol? ClientWebSocketOptions { get; }

    /// <summary><c>WebSocketCreationOptions</c>, for <c>WebSocket.CreateFromStream</c>.</summary>
    public INamedTypeSymbol? CreationOptions { get; }

    /// <summary>ASP.NET Core's <c>WebSocketOptions</c>, for <c>UseWebSockets</c>.</summary>
    public INamedTypeSymbol? MiddlewareOptions { get; }

    public INamedTypeSymbol? AcceptContext { get; }

    public INamedTypeSymbol? HttpListenerContext { get; }

    public INamedTypeSymbol? MiddlewareExtensions { get; }

    public INamedTypeSymbol? CancellationTokenSource { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? Timeout { get; }

    /// <summary>WsResilience's heartbeat helper, when the project references it.</summary>
    public INamedTypeSymbol? WebSocketHeartbeat { get; }

    public IPropertySymbol? ClientKeepAliveTimeout { get; }

    public IPropertySymbol? CreationKeepAliveTimeout { get; }

    public IPropertySymbol? MiddlewareKeepAliveTimeout { get; }

    public IPropertySymbol? AcceptContextKeepAliveTimeout { get; }

    public static KeepAliveSymbols Create(Compilation compilation, WebSocketSymbols webSockets) => new(compilation, webSockets);

    /// <summary>Looked up on first use, as <see cref="WebSocketSymbols.OnFirstUse"/>.</summary>
    public static Lazy<KeepAliveSymbols?> OnFirstUse(Compilation compilation, Func<WebSocketSymbols, bool>? usable = null)
    {
        var webSockets = WebSocketSymbols.OnFirstUse(compilation, usable);
        return new(() => webSockets.Value is { } found ? Create(compilation, found) : null, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// True for the four option types whose <c>KeepAliveInterval</c> and <c>KeepAliveTimeout</c> WS0001 reads.
    /// </summary>
    public bool IsKeepAliveSettingsType(ITypeSymbol? type)
    {
        return type is not null
            && (IsType(type, ClientWebSocketOptions) || IsType(type, CreationOptions) || IsType(type, MiddlewareOptions) || IsType(type, AcceptContext));
    }

    /// <summary>True when <paramref name="settingsType"/> has a <c>KeepAliveTimeout</c> in this compilation.</summary>
    public bool HasKeepAliveTimeout(ITypeSymbol? settingsType)
    {
        return IsType(settingsType, ClientWebSocketOptions) ? ClientKeepAliveTimeout is not null
            : IsType(settingsType, CreationOptions) ? CreationKeepAliveTimeout is not null
            : IsType(settingsType, MiddlewareOptions) ? MiddlewareKeepAliveTimeout is not null
            : IsType(settingsType, AcceptContext) && AcceptContextKeepAliveTimeout is not null;
    }

    public static bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected)
    {
        return expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);
    }

    private static IPropertySymbol? FindProperty(INamedTypeSymbol? type, string name)
    {
        if (type is null)
        {
            return null;
        }

        foreach (var member in type.GetMembers(name))
        {
            if (member is IPropertySymbol { IsStatic: false } property)
            {
                return property;
            }
        }

        return null;
    }
}
