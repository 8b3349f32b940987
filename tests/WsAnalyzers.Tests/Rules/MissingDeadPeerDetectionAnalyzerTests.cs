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

    /// <summary>A receive loop whose only keep-alive setting is the interval: pongs, no detection.</summary>
    private static string IntervalOnlyClient(string otherMembers = "") => Usings + $$"""
        class Client
        {
            async Task RunAsync(Uri uri, CancellationToken ct)
            {
                using var ws = {|#0:new ClientWebSocket()|};
                ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(10);
                await ws.ConnectAsync(uri, ct);
                await ws.ReceiveAsync(new byte[1024], ct);
            }

            {{otherMembers}}
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
        Verify.VerifyAnalyzerAsync(IntervalOnlyClient(), TargetFramework.Net90, Diagnostic(0, ClientNeverSetsTimeout));

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
        Verify.VerifyAnalyzerAsync(
            IntervalOnlyClient("""
                WebSocket Accept(Stream stream) => {|#1:WebSocket.CreateFromStream(stream, {|#2:new WebSocketCreationOptions { IsServer = true }|})|};
                """),
            TargetFramework.Net80,
            Diagnostic(0, ClientWithoutDetectionOnNet8),
            Diagnostic(1, "WebSocket.CreateFromStream leaves KeepAliveInterval at its default of zero, which turns keep-alive off").WithLocation(2));

    // ---- must stay silent ----

    [Fact]
    public Task A_ClientWebSocket_configured_in_its_initializer_its_method_its_constructor_or_its_factory_is_silent_on_net9() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Settings { public TimeSpan PongTimeout { get; set; } }

            class Client
            {
                private readonly ClientWebSocket _socket = new();
                private readonly ClientWebSocket _initialized = new() { Options = { KeepAliveTimeout = TimeSpan.FromSeconds(10) } };

                Client(Settings settings)
                {
                    _socket.Options.KeepAliveTimeout = settings.PongTimeout;
                }

                async Task RunAsync(Uri uri)
                {
                    using var ws = new ClientWebSocket();
                    ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                    ws.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
                    await ws.ConnectAsync(uri, default);
                }

                static ClientWebSocket Create()
                {
                    var ws = new ClientWebSocket();
                    ws.Options.KeepAliveTimeout = TimeSpan.FromSeconds(20);
                    return ws;
                }

                Task LocalFunctionAsync(Uri uri)
                {
                    return Connect();

                    async Task Connect()
                    {
                        var ws = new ClientWebSocket { Options = { KeepAliveInterval = TimeSpan.FromSeconds(5), KeepAliveTimeout = TimeSpan.FromSeconds(5) } };
                        await ws.ConnectAsync(uri, default);
                    }
                }
            }
            """,
            TargetFramework.Net90);

    [Theory]
    [InlineData(TargetFramework.Net80, "using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(45));")]
    [InlineData(TargetFramework.Net80, "using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct); cts.CancelAfter(45_000);")]
    [InlineData(TargetFramework.Net90, "var cts = new CancellationTokenSource(45_000);")]
    public Task A_receive_whose_token_times_out_is_visible_detection(TargetFramework framework, string tokenSource) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                private readonly ClientWebSocket _socket = new();

                async Task ReceiveAsync(CancellationToken ct)
                {
                    var buffer = new byte[4096];
                    while (_socket.State == WebSocketState.Open)
                    {
                        {{tokenSource}}
                        await _socket.ReceiveAsync(buffer, cts.Token);
                    }
                }
            }
            """,
            framework);

    [Fact]
    public async Task WsResilience_Configure_alone_is_not_detection_on_net8()
    {
        var test = new Verify.Test
        {
            ReferenceAssemblies = TestReferences.Net80,
            TestCode = Usings + """
                using WsResilience;

                class Client
                {
                    async Task RunAsync(Uri uri)
                    {
                        using var ws = {|#0:new ClientWebSocket()|};
                        WebSocketHeartbeat.Configure(ws.Options, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
                        await ws.ConnectAsync(uri, default);
                    }
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(TestReferences.WsResilienceNet8);
        test.ExpectedDiagnostics.Add(Diagnostic(0, "This ClientWebSocket shows no dead-peer detection: KeepAliveTimeout needs .NET 9, and no receive timeout or heartbeat is applied to it"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData(TargetFramework.Net90, "WebSocketHeartbeat.Configure(ws.Options, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));")]
    [InlineData(TargetFramework.Net80, "using var watch = WebSocketHeartbeat.Watch(ws, TimeSpan.FromSeconds(30));")]
    [InlineData(TargetFramework.Net90, "using var watch = WebSocketHeartbeat.Watch(ws, TimeSpan.FromSeconds(30));")]
    public async Task A_WsResilience_heartbeat_on_the_socket_is_visible_detection(TargetFramework framework, string heartbeat)
    {
        var test = new Verify.Test
        {
            ReferenceAssemblies = framework.ReferenceAssemblies(),
            TestCode = Usings + $$"""
                using WsResilience;

                class Client
                {
                    async Task RunAsync(Uri uri)
                    {
                        using var ws = new ClientWebSocket();
                        {{heartbeat}}
                        await ws.ConnectAsync(uri, default);
                    }
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(TestReferences.WsResilienceFor(framework));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("MyCompany.Net.Heartbeat.Attach", false)]
    [InlineData("global::MyCompany.Net.Heartbeat.*", false)]
    [InlineData("MyCompany.Net.Heartbeat.Start", true)]
    public async Task A_heartbeat_method_listed_in_editorconfig_is_visible_detection(string configured, bool flagged)
    {
        var test = new Verify.Test
        {
            ReferenceAssemblies = TestReferences.Net80,
            TestCode = Usings + """
                namespace MyCompany.Net
                {
                    static class Heartbeat
                    {
                        public static void Attach(WebSocket socket, TimeSpan interval) { }
                    }

                    class Client
                    {
                        async Task RunAsync(Uri uri)
                        {
                            using var ws = {|#0:new ClientWebSocket()|};
                            await ws.ConnectAsync(uri, default);
                            Heartbeat.Attach(ws, TimeSpan.FromSeconds(10));
                        }
                    }
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[*.cs]\nws_analyzers.heartbeat_methods = {configured}\n"));
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Diagnostic(0, ClientWithoutDetectionOnNet8));
        }

        await test.RunAsync();
    }

    [Fact]
    public Task A_socket_configured_out_of_sight_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Wrapper
            {
                public Wrapper(ClientWebSocket socket) => Socket = socket;

                public ClientWebSocket Socket { get; }
            }

            class Client
            {
                public ClientWebSocket Socket { get; } = new();
                internal ClientWebSocket? Backup;

                void Init() => Backup = new ClientWebSocket();

                async Task HandedOverAsync(Uri uri)
                {
                    var ws = new ClientWebSocket();
                    Configure(ws.Options);
                    await ws.ConnectAsync(uri, default);
                }

                Wrapper Wrapped() => new Wrapper(new ClientWebSocket());

                Wrapper WrappedLocal()
                {
                    var ws = new ClientWebSocket();
                    return new Wrapper(ws);
                }

                void Aliased()
                {
                    var ws = new ClientWebSocket();
                    ClientWebSocket other;
                    other = ws;
                    other.Options.KeepAliveTimeout = TimeSpan.FromSeconds(5);
                }

                static void Configure(ClientWebSocketOptions options) { }
            }
            """,
            TargetFramework.Net90);

    [Fact]
    public Task CreateFromStream_with_keep_alive_settings_or_settings_from_elsewhere_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                private readonly WebSocketCreationOptions _shared = new() { IsServer = true };

                WebSocket Complete(Stream stream) => WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
                {
                    IsServer = true,
                    KeepAliveInterval = TimeSpan.FromSeconds(15),
                    KeepAliveTimeout = TimeSpan.FromSeconds(15),
                });

                WebSocket FromParameter(Stream stream, WebSocketCreationOptions options) => WebSocket.CreateFromStream(stream, options);

                WebSocket FromField(Stream stream) => WebSocket.CreateFromStream(stream, _shared);

                WebSocket Legacy(Stream stream) => WebSocket.CreateFromStream(stream, true, null, TimeSpan.FromSeconds(30));
            }
            """,
            TargetFramework.Net90);

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task CreateFromStream_with_a_receive_timeout_is_silent(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                async Task ServeAsync(Stream stream)
                {
                    var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });
                    using var idle = new CancellationTokenSource();
                    idle.CancelAfter(TimeSpan.FromMinutes(1));
                    await socket.ReceiveAsync(new byte[1024], idle.Token);
                }
            }
            """,
            framework);

    [Fact]
    public async Task Middleware_with_a_timeout_or_configured_through_dependency_injection_is_silent()
    {
        var test = new Verify.Test
        {
            ReferenceAssemblies = TestReferences.Net90WithAspNetCore,
            TestCode = Usings + """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.WebSockets;
                using Microsoft.Extensions.DependencyInjection;

                static class Inline
                {
                    public static void Configure(IApplicationBuilder app) =>
                        app.UseWebSockets(new WebSocketOptions { KeepAliveTimeout = TimeSpan.FromSeconds(20) });
                }

                static class ThroughServices
                {
                    public static void ConfigureServices(IServiceCollection services) =>
                        services.AddWebSockets(options => options.KeepAliveTimeout = TimeSpan.FromSeconds(20));

                    public static void Configure(IApplicationBuilder app) => app.UseWebSockets();
                }

                static class ThroughOptions
                {
                    public static void ConfigureServices(IServiceCollection services) =>
                        services.Configure<WebSocketOptions>(options => options.KeepAliveTimeout = TimeSpan.FromSeconds(20));

                    public static void Configure(IApplicationBuilder app) => app.UseWebSockets();
                }

                static class Accepting
                {
                    public static Task<WebSocket> InheritAsync(HttpContext context) => context.WebSockets.AcceptWebSocketAsync();

                    public static Task<WebSocket> NullInheritsAsync(HttpContext context) =>
                        context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = null });
                }
                """,
        };
        await test.RunAsync();
    }

    [Fact]
    public Task A_positive_or_unknown_keep_alive_interval_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                void Configure(ClientWebSocketOptions options, TimeSpan configured)
                {
                    options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                    options.KeepAliveInterval = configured;
                    options.KeepAliveInterval = new TimeSpan(0, 0, 20);
                    options.KeepAliveTimeout = TimeSpan.FromMilliseconds(1);
                }
            }
            """,
            TargetFramework.Net90);

    [Fact]
    public Task Look_alike_types_are_silent() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading;

            namespace MyCompany.Net
            {
                class ClientWebSocketOptions { public TimeSpan KeepAliveInterval { get; set; } }
                class ClientWebSocket { public ClientWebSocketOptions Options { get; } = new(); }
                class WebSocketCreationOptions { public TimeSpan KeepAliveInterval { get; set; } }

                class Client
                {
                    void Run()
                    {
                        var ws = new ClientWebSocket();
                        ws.Options.KeepAliveInterval = TimeSpan.Zero;
                        var options = new WebSocketCreationOptions { KeepAliveInterval = Timeout.InfiniteTimeSpan };
                    }
                }
            }
            """,
            TargetFramework.Net90);

    [Fact]
    public Task A_socket_in_a_nested_type_is_reported_once_and_configuration_in_that_type_counts() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Outer
            {
                class Configured
                {
                    private readonly ClientWebSocket _socket = new();

                    Configured() => _socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(10);
                }

                class Bare
                {
                    private readonly ClientWebSocket _socket = {|#0:new()|};
                }
            }
            """,
            TargetFramework.Net90,
            Diagnostic(0, ClientNeverSetsTimeout));
}
