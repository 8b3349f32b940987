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
        ClientWebSocketOptions = compilation.GetTypeBeside(ClientWebSocket, "System.Net.WebSockets.ClientWebSocketOptions");
        CreationOptions = compilation.GetTypeBeside(webSockets.WebSocket, "System.Net.WebSockets.WebSocketCreationOptions");
        MiddlewareOptions = new KnownType(compilation, "Microsoft.AspNetCore.Builder.WebSocketOptions");
        AcceptContext = new KnownType(compilation, "Microsoft.AspNetCore.Http.WebSocketAcceptContext");
        HttpListenerContext = new KnownType(compilation, "System.Net.HttpListenerContext");
        MiddlewareExtensions = new KnownType(compilation, "Microsoft.AspNetCore.Builder.WebSocketMiddlewareExtensions");
        CancellationTokenSource = compilation.GetCoreType("System.Threading.CancellationTokenSource");
        TimeSpan = compilation.GetCoreType("System.TimeSpan");
        Timeout = compilation.GetCoreType("System.Threading.Timeout");
        WebSocketHeartbeat = WsResilienceNames.FindType(compilation, WsResilienceNames.WebSocketHeartbeat);

        ClientKeepAliveTimeout = FindProperty(ClientWebSocketOptions, "KeepAliveTimeout");
        CreationKeepAliveTimeout = FindProperty(CreationOptions, "KeepAliveTimeout");
    }

    public WebSocketSymbols WebSockets { get; }

    public INamedTypeSymbol? ClientWebSocket { get; }

    public INamedTypeSymbol? ClientWebSocketOptions { get; }

    /// <summary><c>WebSocketCreationOptions</c>, for <c>WebSocket.CreateFromStream</c>.</summary>
    public INamedTypeSymbol? CreationOptions { get; }

    /// <summary>ASP.NET Core's <c>WebSocketOptions</c>, for <c>UseWebSockets</c>.</summary>
    public KnownType MiddlewareOptions { get; }

    public KnownType AcceptContext { get; }

    public KnownType HttpListenerContext { get; }

    public KnownType MiddlewareExtensions { get; }

    public INamedTypeSymbol? CancellationTokenSource { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? Timeout { get; }

    /// <summary>WsResilience's heartbeat helper, when the project references it.</summary>
    public INamedTypeSymbol? WebSocketHeartbeat { get; }

    public IPropertySymbol? ClientKeepAliveTimeout { get; }

    public IPropertySymbol? CreationKeepAliveTimeout { get; }

    public IPropertySymbol? MiddlewareKeepAliveTimeout => FindProperty(MiddlewareOptions.Symbol, "KeepAliveTimeout");

    public IPropertySymbol? AcceptContextKeepAliveTimeout => FindProperty(AcceptContext.Symbol, "KeepAliveTimeout");

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
            && (IsType(type, ClientWebSocketOptions) || IsType(type, CreationOptions) || MiddlewareOptions.Is(type) || AcceptContext.Is(type));
    }

    /// <summary>True when <paramref name="settingsType"/> has a <c>KeepAliveTimeout</c> in this compilation.</summary>
    public bool HasKeepAliveTimeout(ITypeSymbol? settingsType)
    {
        return IsType(settingsType, ClientWebSocketOptions) ? ClientKeepAliveTimeout is not null
            : IsType(settingsType, CreationOptions) ? CreationKeepAliveTimeout is not null
            : MiddlewareOptions.Is(settingsType) ? MiddlewareKeepAliveTimeout is not null
            : AcceptContext.Is(settingsType) && AcceptContextKeepAliveTimeout is not null;
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
