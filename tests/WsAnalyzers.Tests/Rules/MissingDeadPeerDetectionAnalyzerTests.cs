using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.MissingDeadPeerDetectionAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

public class MissingDeadPeerDetectionAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string ClientNeverSetsTimeout =
        "This ClientWebSocket never sets Options.KeepAliveTimeout, so its keep-alive only sends unsolicited pongs";

    private const string ClientWithoutDetectionOnNet8 =
        "This ClientWebSocket shows no dead-peer detection: KeepAliveTimeout needs .NET 9, and no receive timeout or heartbeat is applied to it";

    /// <summary>The WsResilience API the fixes and the analyzer know, as the issue names it.</summary>
    internal const string WsResilienceStub = """
        namespace WsResilience
        {
            public static class WebSocketHeartbeat
            {
                public static void Configure(System.Net.WebSockets.ClientWebSocketOptions options, System.TimeSpan interval, System.TimeSpan timeout) { }
                public static System.IDisposable Watch(System.Net.WebSockets.WebSocket socket, System.TimeSpan timeout, System.TimeProvider? time = null) => null!;
            }
        }
        """;

    private static DiagnosticResult Diagnostic(int location, string message) =>
        Verify.Diagnostic("WS0001").WithLocation(location).WithArguments(message);

    // ---- 1. keep-alive explicitly turned off, on every target ----

    [Theory]
    [InlineData(TargetFramework.Net80, "TimeSpan.Zero")]
    [InlineData(TargetFramework.Net90, "TimeSpan.Zero")]
    [InlineData(TargetFramework.Net80, "Timeout.InfiniteTimeSpan")]
    [InlineData(TargetFramework.Net90, "TimeSpan.FromSeconds(0)")]
    [InlineData(TargetFramework.Net90, "default")]
    [InlineData(TargetFramework.Net90, "new TimeSpan()")]
    [InlineData(TargetFramework.Net90, "TimeSpan.FromMilliseconds(-1)")]
    public Task Turning_off_a_ClientWebSocket_keep_alive_is_flagged(TargetFramework framework, string value) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                async Task RunAsync(Uri uri)
                {
                    using var ws = new ClientWebSocket();
                    {|#0:ws.Options.KeepAliveInterval = {{value}}|};
                    await ws.ConnectAsync(uri, default);
                }
            }
            """,
            framework,
            Diagnostic(0, $"Setting ClientWebSocketOptions.KeepAliveInterval to '{value}' turns keep-alive off"));

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task Turning_off_keep_alive_in_WebSocketCreationOptions_and_the_CreateFromStream_argument_is_flagged(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                WebSocket Accept(Stream stream) => WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
                {
                    IsServer = true,
                    {|#0:KeepAliveInterval = TimeSpan.Zero|},
                });

                WebSocket AcceptLegacy(Stream stream) => WebSocket.CreateFromStream(stream, true, null, {|#1:Timeout.InfiniteTimeSpan|});
            }
            """,
            framework,
            Diagnostic(0, "Setting WebSocketCreationOptions.KeepAliveInterval to 'TimeSpan.Zero' turns keep-alive off"),
            Diagnostic(1, "Passing 'Timeout.InfiniteTimeSpan' as the keep-alive interval of CreateFromStream turns keep-alive off"));

    [Fact]
    public async Task Turning_off_the_middleware_and_accept_context_keep_alive_is_flagged()
    {
        var test = new Verify.Test
        {
            ReferenceAssemblies = TestReferences.Net90WithAspNetCore,
            TestCode = Usings + """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                static class Startup
                {
                    public static void Configure(IApplicationBuilder app)
                    {
                        app.UseWebSockets(new WebSocketOptions { {|#0:KeepAliveInterval = TimeSpan.Zero|}, KeepAliveTimeout = TimeSpan.FromSeconds(10) });
                    }

                    public static Task<WebSocket> AcceptAsync(HttpContext context) =>
                        context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { {|#1:KeepAliveInterval = TimeSpan.FromSeconds(0)|} });
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Diagnostic(0, "Setting WebSocketOptions.KeepAliveInterval to 'TimeSpan.Zero' turns keep-alive off"));
        test.ExpectedDiagnostics.Add(Diagnostic(1, "Setting WebSocketAcceptContext.KeepAliveInterval to 'TimeSpan.FromSeconds(0)' turns keep-alive off"));
        await test.RunAsync();
    }

    // ---- 2. no KeepAliveTimeout where the runtime has it ----

    [Fact]
    public Task A_new_ClientWebSocket_local_without_KeepAliveTimeout_is_flagged_on_net9() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    using var ws = {|#0:new ClientWebSocket()|};
                    ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(10);
                    await ws.ConnectAsync(uri, ct);
                    await ws.ReceiveAsync(new byte[1024], ct);
                }
            }
            """,
            TargetFramework.Net90,
            Diagnostic(0, ClientNeverSetsTimeout));

    [Fact]
    public Task ClientWebSockets_in_a_private_field_a_factory_and_a_lambda_are_flagged_on_net9() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = {|#0:new()|};
                private ClientWebSocket? _reconnected;

                static ClientWebSocket Create() => {|#1:new ClientWebSocket { Options = { KeepAliveInterval = TimeSpan.FromSeconds(5) } }|};

                Func<ClientWebSocket> Factory => () => {|#2:new ClientWebSocket()|};

                void Reconnect() => _reconnected = {|#3:new ClientWebSocket()|};
            }
            """,
            TargetFramework.Net90,
            Diagnostic(0, ClientNeverSetsTimeout),
            Diagnostic(1, ClientNeverSetsTimeout),
            Diagnostic(2, ClientNeverSetsTimeout),
            Diagnostic(3, ClientNeverSetsTimeout));

    [Fact]
    public async Task A_ClientWebSocket_in_top_level_statements_is_flagged_on_net9()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                using var ws = {|#0:new ClientWebSocket()|};
                await ws.ConnectAsync(new Uri("wss://example.com"), default);
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Diagnostic(0, ClientNeverSetsTimeout));
        await test.RunAsync();
    }

    [Fact]
    public Task CreateFromStream_without_keep_alive_settings_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                WebSocket Inline(Stream stream) => {|#0:WebSocket.CreateFromStream(stream, {|#2:new WebSocketCreationOptions { IsServer = true }|})|};

                WebSocket IntervalOnly(Stream stream)
                {
                    var options = {|#3:new WebSocketCreationOptions { IsServer = true }|};
                    options.KeepAliveInterval = TimeSpan.FromSeconds(20);
                    return {|#1:WebSocket.CreateFromStream(stream, options)|};
                }
            }
            """,
            TargetFramework.Net90,
            Diagnostic(0, "WebSocket.CreateFromStream leaves KeepAliveInterval at its default of zero, which turns keep-alive off").WithLocation(2),
            Diagnostic(1, "WebSocket.CreateFromStream never sets KeepAliveTimeout, so its keep-alive only sends unsolicited pongs").WithLocation(3));

    [Fact]
    public async Task UseWebSockets_without_a_KeepAliveTimeout_is_flagged()
    {
        var test = new Verify.Test
        {
            ReferenceAssemblies = TestReferences.Net90WithAspNetCore,
            TestCode = Usings + """
                using Microsoft.AspNetCore.Builder;

                static class Startup
                {
                    public static void Bare(IApplicationBuilder app) => {|#0:app.UseWebSockets()|};

                    public static void IntervalOnly(IApplicationBuilder app)
                    {
                        var options = {|#2:new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) }|};
                        {|#1:app.UseWebSockets(options)|};
                    }
                }
                """,
        };
        const string Message = "UseWebSockets never sets WebSocketOptions.KeepAliveTimeout, so its keep-alive only sends unsolicited pongs";
        test.ExpectedDiagnostics.Add(Diagnostic(0, Message));
        test.ExpectedDiagnostics.Add(Diagnostic(1, Message).WithLocation(2));
        await test.RunAsync();
    }

    // ---- 3. targets without KeepAliveTimeout ----

    [Fact]
    public Task A_ClientWebSocket_without_visible_detection_and_a_CreateFromStream_left_off_are_flagged_on_net8() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    using var ws = {|#0:new ClientWebSocket()|};
                    ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(10);
                    await ws.ConnectAsync(uri, ct);
                    await ws.ReceiveAsync(new byte[1024], ct);
                }

                WebSocket Accept(Stream stream) => {|#1:WebSocket.CreateFromStream(stream, {|#2:new WebSocketCreationOptions { IsServer = true }|})|};
            }
            """,
            TargetFramework.Net80,
            Diagnostic(0, ClientWithoutDetectionOnNet8),
            Diagnostic(1, "WebSocket.CreateFromStream leaves KeepAliveInterval at its default of zero, which turns keep-alive off").WithLocation(2));
}
