using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.SessionsNotClosedOnShutdownAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

public class SessionsNotClosedOnShutdownAnalyzerTests
{
    private const string Usings = ServerTestSources.Usings + """
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        """;

    private const string Session = ServerTestSources.Session;

    private static DiagnosticResult Finding(int location, string accept) =>
        Verify.Diagnostic("WS0007").WithLocation(location).WithArguments(accept);

    /// <summary>Each source is a file of one compilation, with ASP.NET Core 9 and, when asked, the WsResilience.AspNetCore stand-in.</summary>
    private static async Task VerifyAsync(string[] sources, bool withTracking, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { ReferenceAssemblies = TestReferences.Net90WithAspNetCore };
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"File{i}.cs", sources[i]));
        }

        if (withTracking)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.WsResilienceAspNetCore);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(new[] { source }, withTracking: false, expected);

    [Fact]
    public Task An_accept_in_a_minimal_API_endpoint_is_reported_with_its_name() =>
        VerifyAsync(Usings + Session + """
            static class Endpoints
            {
                public static void Map(WebApplication app) => app.Map("/ws", async context =>
                {
                    using var socket = await {|#0:context.WebSockets.AcceptWebSocketAsync()|};
                    await Session.RunAsync(socket, context.RequestAborted);
                });
            }
            """,
            Finding(0, "context.WebSockets.AcceptWebSocketAsync"));

    [Fact]
    public Task Accepts_in_a_middleware_and_a_controller_with_every_overload_are_each_reported() =>
        VerifyAsync("using Microsoft.AspNetCore.Mvc;\n" + Usings + Session + """
            sealed class EchoMiddleware
            {
                private readonly RequestDelegate _next;

                public EchoMiddleware(RequestDelegate next) => _next = next;

                public async Task InvokeAsync(HttpContext context)
                {
                    if (!context.WebSockets.IsWebSocketRequest)
                    {
                        await _next(context);
                        return;
                    }

                    var socket = await {|#0:context.WebSockets.AcceptWebSocketAsync("chat")|}.ConfigureAwait(false);
                    await Session.RunAsync(socket, context.RequestAborted).ConfigureAwait(false);
                }
            }

            public sealed class StreamController : ControllerBase
            {
                [HttpGet("/stream")]
                public async Task Get()
                {
                    using WebSocket socket = await {|#1:HttpContext.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = true })|};
                    await Session.RunAsync(socket, HttpContext.RequestAborted);
                }
            }
            """,
            Finding(0, "context.WebSockets.AcceptWebSocketAsync"),
            Finding(1, "HttpContext.WebSockets.AcceptWebSocketAsync"));

    [Fact]
    public Task A_socket_handed_to_a_method_of_the_compilation_is_still_reported() =>
        VerifyAsync(Usings + """
            sealed class Hub
            {
                public async Task AcceptAsync(HttpContext context) => await RunAsync(await {|#0:context.WebSockets.AcceptWebSocketAsync()|});

                private static Task RunAsync(WebSocket socket) => Task.CompletedTask;
            }
            """,
            Finding(0, "context.WebSockets.AcceptWebSocketAsync"));

    [Fact]
    public Task Accepts_in_two_files_are_both_reported() =>
        VerifyAsync(
            new[]
            {
                Usings + Session + """
                    static class First
                    {
                        public static async Task AcceptAsync(HttpContext http) => await Session.RunAsync(await {|#0:http.WebSockets.AcceptWebSocketAsync()|}, default);
                    }
                    """,
                Usings + """
                    static class Second
                    {
                        public static async Task AcceptAsync(HttpContext http) => await Session.RunAsync(await {|#1:http.WebSockets.AcceptWebSocketAsync()|}, default);
                    }
                    """,
            },
            withTracking: false,
            Finding(0, "http.WebSockets.AcceptWebSocketAsync"),
            Finding(1, "http.WebSockets.AcceptWebSocketAsync"));

    [Fact]
    public Task ApplicationStopping_linked_in_another_file_silences_the_compilation() =>
        VerifyAsync(
            new[]
            {
                Usings + Session + """
                    static class Endpoint
                    {
                        public static async Task AcceptAsync(HttpContext http, CancellationToken stopping)
                        {
                            using var socket = await http.WebSockets.AcceptWebSocketAsync();
                            await Session.RunAsync(socket, stopping);
                        }
                    }
                    """,
                Usings + """
                    static class Startup
                    {
                        public static void Map(WebApplication app)
                        {
                            var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                            app.Map("/ws", http => Endpoint.AcceptAsync(http, stopping));
                        }
                    }
                    """,
            },
            withTracking: false);

    [Fact]
    public Task A_hosted_service_that_closes_sessions_when_stopping_silences_the_compilation() =>
        VerifyAsync(
            new[]
            {
                Usings + Session + """
                    static class Endpoint
                    {
                        public static async Task AcceptAsync(HttpContext http, Sessions sessions)
                        {
                            using var socket = await http.WebSockets.AcceptWebSocketAsync();
                            sessions.Add(socket);
                            await Session.RunAsync(socket, http.RequestAborted);
                        }
                    }
                    """,
                Usings + """
                    sealed class Sessions : IHostedService
                    {
                        private readonly System.Collections.Concurrent.ConcurrentDictionary<WebSocket, bool> _open = new();

                        public void Add(WebSocket socket) => _open[socket] = true;

                        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                        public async Task StopAsync(CancellationToken cancellationToken)
                        {
                            foreach (var socket in _open.Keys)
                            {
                                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "stopping", cancellationToken);
                            }
                        }
                    }
                    """,
            },
            withTracking: false);

    [Fact]
    public Task A_background_service_that_cancels_the_sessions_when_stopping_silences_the_compilation() =>
        VerifyAsync(Usings + Session + """
            sealed class SessionHost : BackgroundService
            {
                public static readonly CancellationTokenSource Sessions = new();

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { });
                    Sessions.Cancel();
                }
            }

            static class Endpoint
            {
                public static async Task AcceptAsync(HttpContext http)
                {
                    using var socket = await http.WebSockets.AcceptWebSocketAsync();
                    await Session.RunAsync(socket, SessionHost.Sessions.Token);
                }
            }
            """);

    [Fact]
    public Task Hosted_services_that_end_nothing_or_only_call_base_StopAsync_and_look_alikes_stay_reported() =>
        VerifyAsync(Usings + Session + """
            sealed class Warmup : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public Task StopAsync(CancellationToken cancellationToken) => Task.Delay(10, cancellationToken);
            }

            sealed class Poller : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);

                public override Task StopAsync(CancellationToken cancellationToken) => base.StopAsync(cancellationToken);
            }

            sealed class NotHosted
            {
                public Task StopAsync(WebSocket socket) => socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, null, default);
            }

            static class Endpoint
            {
                public static async Task AcceptAsync(HttpContext http)
                {
                    using var socket = await {|#0:http.WebSockets.AcceptWebSocketAsync()|};
                    await Session.RunAsync(socket, http.RequestAborted);
                }
            }
            """,
            Finding(0, "http.WebSockets.AcceptWebSocketAsync"));

    [Fact]
    public Task A_hosted_service_that_stops_the_server_owning_the_sessions_silences_the_compilation() =>
        VerifyAsync(Usings + Session + """
            sealed class SessionServer
            {
                public Task StopAsync() => Task.CompletedTask;
            }

            sealed class SessionServerHost : IHostedService
            {
                private readonly SessionServer _server = new();

                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync();
            }

            """ + ServerTestSources.Endpoint);

    [Fact]
    public async Task A_socket_handed_to_another_project_or_to_a_call_that_does_not_bind_is_that_code_s_business()
    {
        var test = new Verify.Test
        {
            ReferenceAssemblies = TestReferences.Net90WithAspNetCore,
            TestCode = Usings + """
                static class Endpoints
                {
                    public static async Task HostedElsewhereAsync(HttpContext http)
                    {
                        using var socket = await http.WebSockets.AcceptWebSocketAsync();
                        await Chat.Sessions.RunAsync(socket);
                    }

                    public static async Task UnresolvedAsync(HttpContext http)
                    {
                        using var socket = await http.WebSockets.AcceptWebSocketAsync();
                        await {|CS0103:Unrestored|}.RunAsync(socket);
                    }

                    public static async Task FrameworkOnlyAsync(HttpContext http)
                    {
                        using var socket = await {|#0:http.WebSockets.AcceptWebSocketAsync()|};
                        Console.WriteLine(socket);
                        await Task.Delay(1000, http.RequestAborted);
                    }
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(await TestAssemblies.CompileAsync("Chat.Sessions", """
            namespace Chat;

            public static class Sessions
            {
                public static System.Threading.Tasks.Task RunAsync(System.Net.WebSockets.WebSocket socket) => System.Threading.Tasks.Task.CompletedTask;
            }
            """));
        test.ExpectedDiagnostics.Add(Finding(0, "http.WebSockets.AcceptWebSocketAsync"));
        await test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("builder.Services.AddWebSocketTracking();")]
    [InlineData("var tracker = app.Services.GetRequiredService<WebSocketConnectionTracker>();")]
    public Task WsResilience_tracking_used_anywhere_silences_the_compilation(string use) =>
        VerifyAsync(
            new[]
            {
                Usings + Session + ServerTestSources.Endpoint,
                Usings + $$"""
                    using WsResilience.AspNetCore;

                    static class Startup
                    {
                        public static void Configure(WebApplicationBuilder builder, WebApplication app)
                        {
                            {{use}}
                        }
                    }
                    """,
            },
            withTracking: true);

    [Fact]
    public Task The_tracking_package_referenced_but_unused_is_no_evidence() =>
        VerifyAsync(
            new[]
            {
                Usings + Session + """
                    static class Endpoint
                    {
                        public static async Task AcceptAsync(HttpContext http)
                        {
                            using var socket = await {|#0:http.WebSockets.AcceptWebSocketAsync()|};
                            await Session.RunAsync(socket, http.RequestAborted);
                        }
                    }
                    """,
            },
            withTracking: true,
            Finding(0, "http.WebSockets.AcceptWebSocketAsync"));

    [Fact]
    public Task A_socket_handed_to_a_delegate_or_returned_is_the_receiver_s_business() =>
        VerifyAsync(Usings + """
            sealed class Server
            {
                private readonly Func<WebSocket, CancellationToken, Task> _handler;

                public Server(Func<WebSocket, CancellationToken, Task> handler) => _handler = handler;

                public async Task HandleAsync(HttpContext http)
                {
                    using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
                    await _handler(socket, http.RequestAborted);
                }

                public Task<WebSocket> AcceptAsync(HttpContext http) => http.WebSockets.AcceptWebSocketAsync();

                public async Task<WebSocket> AcceptLaterAsync(HttpContext http)
                {
                    var socket = await http.WebSockets.AcceptWebSocketAsync("v2");
                    return socket;
                }
            }
            """);

    [Fact]
    public Task HttpListener_accepts_and_other_AcceptWebSocketAsync_methods_are_out_of_scope() =>
        VerifyAsync(Usings + Session + """
            sealed class Listener
            {
                public async Task AcceptAsync(System.Net.HttpListenerContext context)
                {
                    var accepted = await context.AcceptWebSocketAsync(null);
                    await Session.RunAsync(accepted.WebSocket, default);
                }
            }

            sealed class FakeManager
            {
                public Task<WebSocket> AcceptWebSocketAsync() => throw new NotSupportedException();

                public async Task UseAsync() => await Session.RunAsync(await AcceptWebSocketAsync(), default);
            }
            """);

    [Fact]
    public Task Without_ASP_NET_Core_the_rule_registers_nothing_that_fires() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.WebSockets;
            using System.Threading.Tasks;

            sealed class WebSocketManager
            {
                public Task<WebSocket> AcceptWebSocketAsync() => Task.FromResult<WebSocket>(new ClientWebSocket());
            }

            sealed class User
            {
                public async Task UseAsync(WebSocketManager manager) => (await manager.AcceptWebSocketAsync()).Abort();
            }
            """);
}
