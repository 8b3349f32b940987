using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// The System.Net.WebSockets symbols the rules share, resolved once per compilation.
/// <see cref="TryGet"/> fails when the compilation has no WebSocket type, so analyzers register nothing
/// for the vast majority of projects that never touch WebSockets.
/// </summary>
internal sealed class WebSocketSymbols
{
    private static readonly ConditionalWeakTable<Compilation, StrongBox<WebSocketSymbols?>> s_byCompilation = new();

    private WebSocketSymbols(Compilation compilation, INamedTypeSymbol webSocket)
    {
        WebSocket = webSocket;
        WebSocketException = compilation.GetTypeBeside(webSocket, "System.Net.WebSockets.WebSocketException");
        WebSocketMessageType = compilation.GetTypeBeside(webSocket, "System.Net.WebSockets.WebSocketMessageType");
        WebSocketState = compilation.GetTypeBeside(webSocket, "System.Net.WebSockets.WebSocketState");
        OperationCanceledException = compilation.GetCoreType("System.OperationCanceledException");
        TimeoutException = compilation.GetCoreType("System.TimeoutException");
        CloseAsync = webSocket.GetMembers("CloseAsync").OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic);
        CloseMessageType = EnumConstant(WebSocketMessageType, "Close");
        CloseReceivedState = EnumConstant(WebSocketState, "CloseReceived");
        OpenState = EnumConstant(WebSocketState, "Open");
        WebSocketCloseStatus = compilation.GetTypeBeside(webSocket, "System.Net.WebSockets.WebSocketCloseStatus");
        WebSocketReceiveResult = compilation.GetTypeBeside(webSocket, "System.Net.WebSockets.WebSocketReceiveResult");
        InvalidOperationException = compilation.GetCoreType("System.InvalidOperationException");
        CloseOutputAsync = webSocket.GetMembers("CloseOutputAsync").OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic);
        ClosedState = EnumConstant(WebSocketState, "Closed");
        AbortedState = EnumConstant(WebSocketState, "Aborted");
    }

    public INamedTypeSymbol WebSocket { get; }

    public INamedTypeSymbol? WebSocketException { get; }

    public INamedTypeSymbol? WebSocketMessageType { get; }

    public INamedTypeSymbol? WebSocketState { get; }

    /// <summary>Also covers TaskCanceledException, which derives from it.</summary>
    public INamedTypeSymbol? OperationCanceledException { get; }

    public INamedTypeSymbol? TimeoutException { get; }

    /// <summary>The abstract <c>WebSocket.CloseAsync</c> every socket type overrides.</summary>
    public IMethodSymbol? CloseAsync { get; }

    /// <summary>The value of <c>WebSocketMessageType.Close</c>, as stored in constants.</summary>
    public object? CloseMessageType { get; }

    /// <summary>The value of <c>WebSocketState.CloseReceived</c>, as stored in constants.</summary>
    public object? CloseReceivedState { get; }

    /// <summary>The value of <c>WebSocketState.Open</c>, as stored in constants.</summary>
    public object? OpenState { get; }

    public INamedTypeSymbol? WebSocketCloseStatus { get; }

    public INamedTypeSymbol? WebSocketReceiveResult { get; }

    public INamedTypeSymbol? InvalidOperationException { get; }

    /// <summary>The abstract <c>WebSocket.CloseOutputAsync</c> every socket type overrides.</summary>
    public IMethodSymbol? CloseOutputAsync { get; }

    /// <summary>The value of <c>WebSocketState.Closed</c>, as stored in constants.</summary>
    public object? ClosedState { get; }

    /// <summary>The value of <c>WebSocketState.Aborted</c>, as stored in constants.</summary>
    public object? AbortedState { get; }

    /// <summary>
    /// The compilation's symbols, found by the first rule that asks and shared with the others: each rule looked them up
    /// again, and the first lookup of a name through the compilation reads every reference.
    /// </summary>
    public static bool TryGet(Compilation compilation, out WebSocketSymbols symbols)
    {
        if (!s_byCompilation.TryGetValue(compilation, out var known))
        {
            var webSocket = compilation.GetBestTypeByMetadataName("System.Net.WebSockets.WebSocket");
            known = s_byCompilation.AddOrKeep(compilation, new StrongBox<WebSocketSymbols?>(webSocket is null ? null : new WebSocketSymbols(compilation, webSocket)));
        }

        symbols = known.Value!;
        return known.Value is not null;
    }

    /// <summary>
    /// The symbols, looked up on first use and then kept, or null when the compilation lacks them or
    /// <paramref name="usable"/> says a rule cannot use them. The rules ask only where a file names a WebSocket API, so
    /// a project without WebSocket code never pays for the lookups (the first one binds every referenced assembly).
    /// </summary>
    public static Lazy<WebSocketSymbols?> OnFirstUse(Compilation compilation, Func<WebSocketSymbols, bool>? usable = null) =>
        new(() => TryGet(compilation, out var symbols) && (usable is null || usable(symbols)) ? symbols : null, LazyThreadSafetyMode.ExecutionAndPublication);

    public bool IsWebSocket(ITypeSymbol? type) => type.IsOrDerivesFrom(WebSocket);

    private static object? EnumConstant(INamedTypeSymbol? enumType, string memberName)
    {
        return enumType?.GetMembers(memberName).OfType<IFieldSymbol>().FirstOrDefault() is { HasConstantValue: true } field
            ? field.ConstantValue
            : null;
    }
}
