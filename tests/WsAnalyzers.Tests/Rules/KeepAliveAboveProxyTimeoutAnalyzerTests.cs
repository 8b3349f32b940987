using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.KeepAliveAboveProxyTimeoutAnalyzer>;
using VerifyFix = WsAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    WsAnalyzers.Rules.KeepAliveAboveProxyTimeoutAnalyzer,
    WsAnalyzers.CodeFixes.KeepAliveAboveProxyTimeoutCodeFixProvider>;

namespace WsAnalyzers.Tests.Rules;

public class KeepAliveAboveProxyTimeoutAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string ServerUsings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        """;

    private const string DefaultTimeout = "the proxies' idle timeout (60 s by default in nginx and AWS load balancers)";

    private static string Message(string finding, string suggested = "30 s") =>
        $"{finding}: an idle connection is dropped by a proxy or load balancer before its first ping; use a shorter interval, such as {suggested}";

    /// <summary>As an application (an executable with a Main), where the parameterless <c>UseWebSockets()</c> is judged.</summary>
    private static Task VerifyServerAsync(string source, string? editorConfig = null, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source + "\nstatic class Program { static void Main() { } }\n", ReferenceAssemblies = TestReferences.Net90WithAspNetCore };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + editorConfig + "\n"));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("TimeSpan.FromMinutes(2)", "2 minutes")]
    [InlineData("TimeSpan.FromSeconds(60)", "60 s")]
    [InlineData("TimeSpan.FromSeconds(90.5)", "90.5 s")]
    [InlineData("new TimeSpan(0, 1, 30)", "90 s")]
    [InlineData("TimeSpan.FromMinutes(1, 30)", "90 s")]
    [InlineData("TimeSpan.FromHours(1)", "60 minutes")]
    [InlineData("TimeSpan.FromMilliseconds(120_000)", "2 minutes")]
    public Task A_client_interval_at_or_above_60_seconds_is_flagged(string value, string shown) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                void Configure(ClientWebSocket ws) => ws.Options.KeepAliveInterval = {|#0:{{value}}|};
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0008").WithLocation(0).WithArguments($"A KeepAliveInterval of {shown} is not below {DefaultTimeout}", "30 s"));

    [Theory]
    [InlineData("TimeSpan.FromSeconds(59)")]
    [InlineData("TimeSpan.FromSeconds(30)")]
    [InlineData("WebSocket.DefaultKeepAliveInterval")]
    [InlineData("TimeSpan.Zero")]
    [InlineData("Timeout.InfiniteTimeSpan")]
    [InlineData("TimeSpan.FromMilliseconds(-1)")]
    [InlineData("configured")]
    [InlineData("TimeSpan.FromSeconds(seconds)")]
    [InlineData("TimeSpan.FromSeconds(30) * 4")]
    public Task Intervals_below_the_timeout_off_or_unknown_are_silent(string value) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                void Configure(ClientWebSocket ws, TimeSpan configured, int seconds) => ws.Options.KeepAliveInterval = {{value}};
            }
            """);

    [Fact]
    public Task Every_settings_type_and_keepAliveInterval_argument_is_read_and_a_local_s_value_is_followed() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(Stream stream, HttpListenerContext context)
                {
                    var interval = TimeSpan.FromMinutes(5);
                    var ws = new ClientWebSocket { Options = { KeepAliveInterval = {|#0:interval|} } };
                    var server = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = {|#1:TimeSpan.FromMinutes(3)|} });
                    var legacy = WebSocket.CreateFromStream(stream, true, null, {|#2:TimeSpan.FromSeconds(75)|});
                    var accepted = await context.AcceptWebSocketAsync(null, {|#3:TimeSpan.FromMinutes(2)|});
                }
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0008").WithLocation(0).WithArguments($"A KeepAliveInterval of 5 minutes is not below {DefaultTimeout}", "30 s"),
            Verify.Diagnostic("WS0008").WithLocation(1).WithArguments($"A KeepAliveInterval of 3 minutes is not below {DefaultTimeout}", "30 s"),
            Verify.Diagnostic("WS0008").WithLocation(2).WithArguments($"A KeepAliveInterval of 75 s is not below {DefaultTimeout}", "30 s"),
            Verify.Diagnostic("WS0008").WithLocation(3).WithArguments($"A KeepAliveInterval of 2 minutes is not below {DefaultTimeout}", "30 s"));

    [Fact]
    public Task A_local_assigned_again_has_no_known_value() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                void Configure(ClientWebSocket ws, bool fast)
                {
                    var interval = TimeSpan.FromMinutes(5);
                    if (fast) interval = TimeSpan.FromSeconds(10);
                    ws.Options.KeepAliveInterval = interval;
                }
            }
            """);

    [Fact]
    public Task A_KeepAliveInterval_of_another_type_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class MyOptions { public TimeSpan KeepAliveInterval { get; set; } }
            class Client
            {
                void Configure(MyOptions options, TimeSpan interval) => options.KeepAliveInterval = TimeSpan.FromMinutes(5);
            }
            """);

    [Fact]
    public Task UseWebSockets_without_options_keeps_the_two_minute_default() =>
        VerifyServerAsync(ServerUsings + """
            class Startup
            {
                void Configure(IApplicationBuilder app)
                {
                    {|#0:app.UseWebSockets()|};
                    app.UseWebSockets({|#1:new WebSocketOptions { AllowedOrigins = { "https://example.com" } }|});
                    app.UseWebSockets({|#2:new WebSocketOptions()|});
                    app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
                }
            }
            """,
            editorConfig: null,
            Verify.Diagnostic("WS0008").WithLocation(0).WithArguments($"'UseWebSockets' keeps ASP.NET Core's default KeepAliveInterval of 2 minutes, which is not below {DefaultTimeout}", "30 s"),
            Verify.Diagnostic("WS0008").WithLocation(1).WithArguments($"These WebSocketOptions keep ASP.NET Core's default KeepAliveInterval of 2 minutes, which is not below {DefaultTimeout}", "30 s"),
            Verify.Diagnostic("WS0008").WithLocation(2).WithArguments($"These WebSocketOptions keep ASP.NET Core's default KeepAliveInterval of 2 minutes, which is not below {DefaultTimeout}", "30 s"));

    [Fact]
    public Task UseWebSockets_without_options_is_silent_in_a_library_whose_host_configures_the_options() =>
        new Verify.Test
        {
            ReferenceAssemblies = TestReferences.Net90WithAspNetCore,
            TestCode = ServerUsings + """
                public static class MessagingExtensions
                {
                    public static IApplicationBuilder UseMessaging(this IApplicationBuilder app) => app.UseWebSockets();
                }
                """,
        }.RunAsync(CancellationToken.None);

    [Fact]
    public async Task UseWebSockets_without_options_is_silent_when_the_services_configure_them_in_another_file()
    {
        var test = new Verify.Test { ReferenceAssemblies = TestReferences.Net90WithAspNetCore };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("Program.cs", "static class Program { static void Main() { } }"));
        test.TestState.Sources.Add(("Pipeline.cs", ServerUsings + """
            static class Pipeline
            {
                public static void Use(IApplicationBuilder app) => app.UseWebSockets();
            }
            """));
        test.TestState.Sources.Add(("Services.cs", ServerUsings + """
            static class Services
            {
                public static void Add(IServiceCollection services) =>
                    services.Configure<WebSocketOptions>(o => o.KeepAliveInterval = TimeSpan.FromSeconds(20));
            }
            """));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task An_accept_context_interval_is_read_and_options_from_elsewhere_are_silent() =>
        VerifyServerAsync(ServerUsings + """
            class Endpoint
            {
                async Task AcceptAsync(HttpContext http, WebSocketOptions fromConfiguration, IApplicationBuilder app)
                {
                    app.UseWebSockets(fromConfiguration);
                    using var ws = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = {|#0:TimeSpan.FromSeconds(120)|} });
                }
            }
            """,
            editorConfig: null,
            Verify.Diagnostic("WS0008").WithLocation(0).WithArguments($"A KeepAliveInterval of 2 minutes is not below {DefaultTimeout}", "30 s"));

    [Theory]
    [InlineData("300s", "TimeSpan.FromMinutes(4)", null, null)]
    [InlineData("300", "TimeSpan.FromMinutes(5)", "A KeepAliveInterval of 5 minutes is not below the proxies' idle timeout (5 minutes, ws_analyzers.proxy_idle_timeout)", "30 s")]
    [InlineData("00:05:00", "TimeSpan.FromMinutes(6)", "A KeepAliveInterval of 6 minutes is not below the proxies' idle timeout (5 minutes, ws_analyzers.proxy_idle_timeout)", "30 s")]
    [InlineData("40s", "TimeSpan.FromSeconds(45)", "A KeepAliveInterval of 45 s is not below the proxies' idle timeout (40 s, ws_analyzers.proxy_idle_timeout)", "20 s")]
    [InlineData("1m", "TimeSpan.FromSeconds(59)", null, null)]
    [InlineData("sixty", "TimeSpan.FromMinutes(2)", "A KeepAliveInterval of 2 minutes is not below the proxies' idle timeout (60 s; ws_analyzers.proxy_idle_timeout = 'sixty' is not a positive duration, so the default applies)", "30 s")]
    [InlineData("0", "TimeSpan.FromMinutes(2)", "A KeepAliveInterval of 2 minutes is not below the proxies' idle timeout (60 s; ws_analyzers.proxy_idle_timeout = '0' is not a positive duration, so the default applies)", "30 s")]
    public Task The_timeout_comes_from_editorconfig(string setting, string value, string? finding, string? suggested)
    {
        var source = Usings + $$"""
            class Client
            {
                void Configure(ClientWebSocket ws) => ws.Options.KeepAliveInterval = {|#0:{{value}}|};
            }
            """;
        var test = new Verify.Test { TestCode = finding is null ? source.Replace("{|#0:", string.Empty).Replace("|};", ";") : source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[*.cs]\n{ProxyIdleTimeout.OptionKey} = {setting}\n"));
        if (finding is not null)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("WS0008").WithLocation(0).WithArguments(finding, suggested!));
        }

        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task The_fix_sets_the_interval_to_half_the_timeout_at_most_30_seconds() =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Client
            {
                void Configure(ClientWebSocket ws, HttpListenerContext context)
                {
                    ws.Options.KeepAliveInterval = [|TimeSpan.FromMinutes(2)|];
                    _ = context.AcceptWebSocketAsync(null, [|new TimeSpan(0, 5, 0)|]);
                }
            }
            """, Usings + """
            class Client
            {
                void Configure(ClientWebSocket ws, HttpListenerContext context)
                {
                    ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
                    _ = context.AcceptWebSocketAsync(null, TimeSpan.FromSeconds(30));
                }
            }
            """,
            KeepAliveAboveProxyTimeoutCodeFixProvider.EquivalenceKey);

    [Fact]
    public async Task The_fix_gives_UseWebSockets_options_and_completes_options_that_lack_the_interval()
    {
        var test = new VerifyFix.Test
        {
            ReferenceAssemblies = TestReferences.Net90WithAspNetCore,
            CodeActionEquivalenceKey = KeepAliveAboveProxyTimeoutCodeFixProvider.EquivalenceKey,
            TestCode = ServerUsings + """
                class Startup
                {
                    void Configure(IApplicationBuilder app)
                    {
                        [|app.UseWebSockets()|];
                        app.UseWebSockets([|new WebSocketOptions { AllowedOrigins = { "https://example.com" } }|]);
                        app.UseWebSockets([|new WebSocketOptions()|]);
                    }

                    static void Main() { }
                }
                """,
            FixedCode = ServerUsings + """
                class Startup
                {
                    void Configure(IApplicationBuilder app)
                    {
                        app.UseWebSockets(new WebSocketOptions() { KeepAliveInterval = TimeSpan.FromSeconds(30) });
                        app.UseWebSockets(new WebSocketOptions { AllowedOrigins = { "https://example.com" }, KeepAliveInterval = TimeSpan.FromSeconds(30) });
                        app.UseWebSockets(new WebSocketOptions() { KeepAliveInterval = TimeSpan.FromSeconds(30) });
                    }

                    static void Main() { }
                }
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task The_fix_writes_the_configured_timeout_s_half_and_qualifies_TimeSpan_when_not_imported()
    {
        var test = new VerifyFix.Test
        {
            CodeActionEquivalenceKey = KeepAliveAboveProxyTimeoutCodeFixProvider.EquivalenceKey,
            TestCode = """
                class Client
                {
                    void Configure(System.Net.WebSockets.ClientWebSocket ws) => ws.Options.KeepAliveInterval = [|System.TimeSpan.FromSeconds(45)|];
                }
                """,
            FixedCode = """
                class Client
                {
                    void Configure(System.Net.WebSockets.ClientWebSocket ws) => ws.Options.KeepAliveInterval = global::System.TimeSpan.FromSeconds(20);
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[*.cs]\n{ProxyIdleTimeout.OptionKey} = 40s\n"));
        return test.RunAsync(CancellationToken.None);
    }
}
