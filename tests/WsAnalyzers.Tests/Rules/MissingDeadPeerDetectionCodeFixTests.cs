using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using VerifyFix = WsAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    WsAnalyzers.Rules.MissingDeadPeerDetectionAnalyzer,
    WsAnalyzers.CodeFixes.MissingDeadPeerDetectionCodeFixProvider>;

namespace WsAnalyzers.Tests.Rules;

public class MissingDeadPeerDetectionCodeFixTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task A_new_ClientWebSocket_gets_a_keep_alive_timeout_on_net9() =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri)
                {
                    using var ws = [|new ClientWebSocket()|];
                    await ws.ConnectAsync(uri, default);
                }
            }
            """,
            Usings + """
            class Client
            {
                async Task RunAsync(Uri uri)
                {
                    using var ws = new ClientWebSocket { Options = { KeepAliveInterval = TimeSpan.FromSeconds(15), KeepAliveTimeout = TimeSpan.FromSeconds(15) } };
                    await ws.ConnectAsync(uri, default);
                }
            }
            """,
            MissingDeadPeerDetectionCodeFixProvider.AddKeepAliveTimeoutEquivalenceKey);

    [Fact]
    public Task An_interval_set_after_the_declaration_is_kept_and_only_the_timeout_is_added() =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Client
            {
                private ClientWebSocket? _socket;

                async Task RunAsync(Uri uri)
                {
                    var ws = [|new ClientWebSocket()|];
                    ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
                    await ws.ConnectAsync(uri, default);

                    _socket = [|new ClientWebSocket()|];
                    _socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(25);
                }
            }
            """,
            Usings + """
            class Client
            {
                private ClientWebSocket? _socket;

                async Task RunAsync(Uri uri)
                {
                    var ws = new ClientWebSocket { Options = { KeepAliveTimeout = TimeSpan.FromSeconds(15) } };
                    ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
                    await ws.ConnectAsync(uri, default);

                    _socket = new ClientWebSocket { Options = { KeepAliveTimeout = TimeSpan.FromSeconds(15) } };
                    _socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(25);
                }
            }
            """,
            MissingDeadPeerDetectionCodeFixProvider.AddKeepAliveTimeoutEquivalenceKey);

    [Fact]
    public Task Fix_all_completes_every_ClientWebSocket_in_the_document() =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = [|new()|];

                static ClientWebSocket Create() => [|new ClientWebSocket { Options = { KeepAliveInterval = TimeSpan.FromSeconds(5) } }|];

                static ClientWebSocket CreateWithProxy() => [|new ClientWebSocket { Options = { Proxy = null } }|];

                Func<ClientWebSocket> Factory => () => [|new ClientWebSocket() { }|];
            }
            """,
            Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new() { Options = { KeepAliveInterval = TimeSpan.FromSeconds(15), KeepAliveTimeout = TimeSpan.FromSeconds(15) } };

                static ClientWebSocket Create() => new ClientWebSocket { Options = { KeepAliveInterval = TimeSpan.FromSeconds(5), KeepAliveTimeout = TimeSpan.FromSeconds(15) } };

                static ClientWebSocket CreateWithProxy() => new ClientWebSocket { Options = { Proxy = null, KeepAliveInterval = TimeSpan.FromSeconds(15), KeepAliveTimeout = TimeSpan.FromSeconds(15) } };

                Func<ClientWebSocket> Factory => () => new ClientWebSocket() { Options = { KeepAliveInterval = TimeSpan.FromSeconds(15), KeepAliveTimeout = TimeSpan.FromSeconds(15) } };
            }
            """,
            MissingDeadPeerDetectionCodeFixProvider.AddKeepAliveTimeoutEquivalenceKey);

    [Fact]
    public async Task Fix_all_in_the_project_fixes_both_files()
    {
        var test = new VerifyFix.Test
        {
            CodeActionEquivalenceKey = MissingDeadPeerDetectionCodeFixProvider.EnableKeepAliveEquivalenceKey,
        };
        test.TestState.Sources.Add(("A.cs", Usings + """
            class A
            {
                void Configure(ClientWebSocket ws) => [|ws.Options.KeepAliveInterval = TimeSpan.Zero|];
            }
            """));
        test.TestState.Sources.Add(("B.cs", Usings + """
            class B
            {
                WebSocket Accept(Stream stream) => WebSocket.CreateFromStream(stream, true, null, [|Timeout.InfiniteTimeSpan|]);
            }
            """));
        test.FixedState.Sources.Add(("A.cs", Usings + """
            class A
            {
                void Configure(ClientWebSocket ws) => ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
            }
            """));
        test.FixedState.Sources.Add(("B.cs", Usings + """
            class B
            {
                WebSocket Accept(Stream stream) => WebSocket.CreateFromStream(stream, true, null, TimeSpan.FromSeconds(15));
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public Task Turning_keep_alive_back_on_in_a_statement_adds_the_timeout_on_net9() =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();

                Client()
                {
                    [|_socket.Options.KeepAliveInterval = TimeSpan.Zero|];
                }
            }
            """,
            Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();

                Client()
                {
                    _socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                    _socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
                }
            }
            """,
            MissingDeadPeerDetectionCodeFixProvider.EnableKeepAliveEquivalenceKey);

    [Fact]
    public Task Turning_keep_alive_back_on_in_an_initializer_adds_the_timeout_on_net9_and_keeps_the_layout() =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Server
            {
                WebSocket Accept(Stream stream) => WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
                {
                    IsServer = true,
                    [|KeepAliveInterval = Timeout.InfiniteTimeSpan|],
                    SubProtocol = "chat",
                });
            }
            """,
            Usings + """
            class Server
            {
                WebSocket Accept(Stream stream) => WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
                {
                    IsServer = true,
                    KeepAliveInterval = TimeSpan.FromSeconds(15),
                    KeepAliveTimeout = TimeSpan.FromSeconds(15),
                    SubProtocol = "chat",
                });
            }
            """,
            MissingDeadPeerDetectionCodeFixProvider.EnableKeepAliveEquivalenceKey);

    [Fact]
    public Task CreateFromStream_settings_in_a_local_are_completed_where_they_are_created() =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Server
            {
                WebSocket Accept(Stream stream)
                {
                    var options = {|#1:new WebSocketCreationOptions
                    {
                        IsServer = true
                    }|};
                    return {|#0:WebSocket.CreateFromStream(stream, options)|};
                }
            }
            """,
            Usings + """
            class Server
            {
                WebSocket Accept(Stream stream)
                {
                    var options = new WebSocketCreationOptions
                    {
                        IsServer = true,
                        KeepAliveInterval = TimeSpan.FromSeconds(15),
                        KeepAliveTimeout = TimeSpan.FromSeconds(15)
                    };
                    return WebSocket.CreateFromStream(stream, options);
                }
            }
            """,
            MissingDeadPeerDetectionCodeFixProvider.AddKeepAliveTimeoutEquivalenceKey,
            expected: VerifyFix.Diagnostic("WS0001").WithLocation(0).WithLocation(1)
                .WithArguments("WebSocket.CreateFromStream leaves KeepAliveInterval at its default of zero, which turns keep-alive off"));

    [Fact]
    public async Task A_bare_UseWebSockets_gets_options_with_a_timeout()
    {
        var test = new VerifyFix.Test
        {
            ReferenceAssemblies = TestReferences.Net90WithAspNetCore,
            CodeActionEquivalenceKey = MissingDeadPeerDetectionCodeFixProvider.AddKeepAliveTimeoutEquivalenceKey,
            TestCode = Usings + """
                using Microsoft.AspNetCore.Builder;

                static class Startup
                {
                    public static void Configure(IApplicationBuilder app) => [|app.UseWebSockets()|];
                }
                """,
            FixedCode = Usings + """
                using Microsoft.AspNetCore.Builder;

                static class Startup
                {
                    public static void Configure(IApplicationBuilder app) => app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15), KeepAliveTimeout = TimeSpan.FromSeconds(15) });
                }
                """,
        };
        await test.RunAsync();
    }

    [Theory]
    [InlineData(TargetFramework.Net90)]
    public Task The_WsResilience_heartbeat_is_configured_after_the_declaration(TargetFramework framework) =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri)
                {
                    using var ws = [|new ClientWebSocket()|];
                    await ws.ConnectAsync(uri, default);
                }
            }
            """,
            """
            using System;
            using System.IO;
            using System.Net.WebSockets;
            using System.Threading;
            using System.Threading.Tasks;
            using WsResilience;
            class Client
            {
                async Task RunAsync(Uri uri)
                {
                    using var ws = new ClientWebSocket();
                    WebSocketHeartbeat.Configure(ws.Options, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
                    await ws.ConnectAsync(uri, default);
                }
            }
            """,
            MissingDeadPeerDetectionCodeFixProvider.HeartbeatEquivalenceKey,
            framework,
            withWsResilience: true);

    // On .NET 8 keep-alive only sends unsolicited pongs: turning it back on on a socket nothing else watches
    // leaves WS0001 reporting the socket for having no detection at all, so no fix removes the finding.
    [Theory]
    [InlineData("", MissingDeadPeerDetectionCodeFixProvider.AddKeepAliveTimeoutEquivalenceKey)]
    [InlineData("ws.Options.KeepAliveInterval = TimeSpan.Zero;", MissingDeadPeerDetectionCodeFixProvider.EnableKeepAliveEquivalenceKey)]
    public async Task Without_WsResilience_no_fix_is_offered_on_net8_and_only_the_BCL_fix_on_net9(string setup, string net9Fix)
    {
        var source = Usings + $$"""
            class Client
            {
                async Task RunAsync(Uri uri)
                {
                    using var ws = new ClientWebSocket();
                    {{setup}}
                    await ws.ConnectAsync(uri, default);
                }
            }
            """;

        Assert.Empty(await CodeFixOffers.GetEquivalenceKeysAsync<MissingDeadPeerDetectionAnalyzer, MissingDeadPeerDetectionCodeFixProvider>(
            source, TargetFramework.Net80, withWsResilience: false));
        Assert.Equal(
            new[] { net9Fix },
            await CodeFixOffers.GetEquivalenceKeysAsync<MissingDeadPeerDetectionAnalyzer, MissingDeadPeerDetectionCodeFixProvider>(
                source, TargetFramework.Net90, withWsResilience: false));
    }

    [Fact]
    public async Task The_heartbeat_fix_is_not_offered_for_a_field_on_net8()
    {
        const string Source = Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();
            }
            """;

        Assert.Empty(await CodeFixOffers.GetEquivalenceKeysAsync<MissingDeadPeerDetectionAnalyzer, MissingDeadPeerDetectionCodeFixProvider>(
            Source, TargetFramework.Net80, withWsResilience: true));
    }

    [Fact]
    public async Task The_WsResilience_heartbeat_fix_is_not_offered_on_net8_where_Configure_cannot_detect_a_dead_peer()
    {
        const string Source = Usings + """
            class Client
            {
                async Task RunAsync(Uri uri)
                {
                    using var ws = new ClientWebSocket();
                    await ws.ConnectAsync(uri, default);
                }
            }
            """;

        Assert.DoesNotContain(
            MissingDeadPeerDetectionCodeFixProvider.HeartbeatEquivalenceKey,
            await CodeFixOffers.GetEquivalenceKeysAsync<MissingDeadPeerDetectionAnalyzer, MissingDeadPeerDetectionCodeFixProvider>(
                Source, TargetFramework.Net80, withWsResilience: true));
    }
}
