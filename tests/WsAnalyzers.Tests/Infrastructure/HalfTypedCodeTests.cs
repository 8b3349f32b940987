using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// The IDE runs the analyzers on every keystroke, so on code that is half typed most of the time. Each row is a
/// fragment that stops where a rule's logic is most likely to meet a missing piece; every analyzer runs on it, and
/// none may throw. (The fuzz test covers broken code at random; these are the places chosen by hand.)
/// </summary>
public class HalfTypedCodeTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>Where each fragment goes: {0} is replaced with it, and the file ends there, unclosed.</summary>
    private static readonly Dictionary<string, string> Templates = new()
    {
        ["CloseStatusRead"] = """
            class Client
            {
                void Run(WebSocket ws)
                {
                    {0}
            """,
        ["Member"] = """
            class Client
            {
                {0}
            """,
        ["ConnectBody"] = """
            class Client
            {
                ClientWebSocket _ws = new();
                async Task RunAsync(Uri uri, ClientWebSocket ws)
                {
                    {0}
            """,
        ["ReceiveCatch"] = """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    {0}
            """,
        ["SocketSetup"] = """
            class Client
            {
                async Task RunAsync(Stream stream, WebSocketCreationOptions options, ClientWebSocket ws, byte[] buffer)
                {
                    {0}
            """,
        ["RetryBody"] = """
            class Client
            {
                ClientWebSocket ws = new();
                async Task RunAsync(Uri uri, TimeSpan delay)
                {
                    {0}
            """,
        ["CloseAfterReceive"] = """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws, bool isAlive)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    {0}
            """,
    };

    [Theory]
    [InlineData("CloseStatusRead", "var s = ws.CloseStatus.")]
    [InlineData("CloseStatusRead", "var s = ws.CloseStatus.Value")]
    [InlineData("CloseStatusRead", "if (ws.CloseStatus.HasValue) { var s = ws.CloseStatus.Value; ")]
    [InlineData("CloseStatusRead", "if (!ws.CloseStatus.HasValue) return Use(ws.CloseStatus.Value")]
    [InlineData("CloseStatusRead", "switch (ws.State) { case : var s = ws.CloseStatus.Value; }")]
    [InlineData("Member", "bool B(WebSocket ws) => ws.CloseStatus == (WebSocketCloseStatus)")]
    [InlineData("Member", "bool B(WebSocket ws) => (int)ws.CloseStatus == ")]
    [InlineData("Member", "bool B(WebSocket ws) => ws.CloseStatus is (WebSocketCloseStatus)1006 or")]
    [InlineData("Member", "void S(WebSocket ws) { switch (ws.CloseStatus) { case (WebSocketCloseStatus)1006 }")]
    [InlineData("Member", "Task C(WebSocket ws) => ws.CloseAsync((WebSocketCloseStatus)1006,")]
    [InlineData("Member", "void L(WebSocket ws) { int code = ; if (code == 1006) { } }")]
    [InlineData("ConnectBody", "var ws = new ClientWebSocket(); while (true) { await ws.ConnectAsync(")]
    [InlineData("ConnectBody", "while (true) { await _ws?.ConnectAsync(uri, ); }")]
    [InlineData("ConnectBody", "while (true) { await (ws = ).ConnectAsync(uri, default); }")]
    [InlineData("ConnectBody", "while (true) { await Open(); } } Task Open() => _ws.ConnectAsync(uri, ")]
    [InlineData("ReceiveCatch", "catch (WebSocketException) {")]
    [InlineData("ReceiveCatch", "catch (WebSocketException ex) when (")]
    [InlineData("ReceiveCatch", "catch (")]
    [InlineData("ReceiveCatch", "catch { x = ; }")]
    [InlineData("ReceiveCatch", "catch (Exception) { break }")]
    [InlineData("SocketSetup", "var ws = new ClientWebSocket(); ws.Options.KeepAliveInterval = ")]
    [InlineData("SocketSetup", "var ws = new ClientWebSocket { Options = { KeepAliveTimeout = } };")]
    [InlineData("SocketSetup", "var ws = new ClientWebSocket(; ws.Options.")]
    [InlineData("SocketSetup", "WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { KeepAliveInterval = TimeSpan.FromMilliseconds( }")]
    [InlineData("SocketSetup", "WebSocket.CreateFromStream(stream, options")]
    [InlineData("SocketSetup", "using var cts = new CancellationTokenSource(; await ws.ReceiveAsync(buffer, cts.")]
    [InlineData("SocketSetup", "TimeSpan.FromMilliseconds(); new ClientWebSocket().Options.KeepAliveInterval = TimeSpan.FromMilliseconds();")]
    [InlineData("RetryBody", "while (true) { await ws.ConnectAsync(")]
    [InlineData("RetryBody", "while (true) { await ws.ConnectAsync(uri, default); await Task.Delay( }")]
    [InlineData("RetryBody", "for (;;) { await ws.ConnectAsync(uri, default); await Task.Delay(delay *= ) }")]
    [InlineData("RetryBody", "do { await ws.ConnectAsync(uri, default); } while (")]
    [InlineData("RetryBody", "while (true) { await Run(uri); } } async Task Run(Uri u) { await ws.ConnectAsync(u, default); await Run(")]
    [InlineData("CloseAfterReceive", "catch (WebSocketException) { await ws.CloseAsync(WebSocketCloseStatus.NormalClosure,  }")]
    [InlineData("CloseAfterReceive", "catch (WebSocketException) { await ws.CloseAsync(")]
    [InlineData("CloseAfterReceive", "catch (OperationCanceledException when { ws.CloseAsync(default, null, default); }")]
    [InlineData("CloseAfterReceive", "catch { } if (!isAlive) { await ws.CloseAsync(")]
    [InlineData("CloseAfterReceive", "catch { } if (now - lastPong > ) await ws.CloseAsync(x, y);")]
    [InlineData("CloseAfterReceive", "catch { } if (result.MessageType == ) await ws.CloseAsync(x, y, z);")]
    [InlineData("SocketSetup", "ws.Options.KeepAliveInterval = TimeSpan.FromMinutes(")]
    [InlineData("SocketSetup", "ws.Options.KeepAliveInterval = new TimeSpan(0, ")]
    [InlineData("SocketSetup", "ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(\"x\");")]
    [InlineData("SocketSetup", "ws.Options.KeepAliveInterval = TimeSpan.FromDays(1e300); ws.Options.KeepAliveInterval = TimeSpan.FromTicks(long.MaxValue);")]
    [InlineData("Member", "void U(Microsoft.AspNetCore.Builder.IApplicationBuilder app) => app.UseWebSockets(new Microsoft.AspNetCore.Builder.WebSocketOptions {")]
    public async Task No_analyzer_throws_on_half_typed_code(string template, string fragment)
    {
        var host = await AnalyzerHost.CreateAsync(withWsResilience: true);
        var failures = new ConcurrentQueue<string>();

        await AnalyzerHost.AnalyzeAsync(host.Compile(("HalfTyped.cs", Usings + Templates[template].Replace("{0}", fragment))), failures);

        Assert.Empty(failures);
    }
}
