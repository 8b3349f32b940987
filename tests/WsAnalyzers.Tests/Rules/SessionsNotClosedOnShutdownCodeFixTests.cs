using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Tests.Infrastructure;
using WsAnalyzers.Tests.Verifiers;
using VerifyFix = WsAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    WsAnalyzers.Rules.SessionsNotClosedOnShutdownAnalyzer,
    WsAnalyzers.CodeFixes.SessionsNotClosedOnShutdownCodeFixProvider>;

namespace WsAnalyzers.Tests.Rules;

public class SessionsNotClosedOnShutdownCodeFixTests
{
    private const string Usings = ServerTestSources.Usings;

    private const string Session = ServerTestSources.Session;

    /// <summary>
    /// <paramref name="fixedOne"/> is the code after the first fix alone (the link it adds to ApplicationStopping silences
    /// the rule's other findings in the compilation), <paramref name="fixedAll"/> after Fix All, null when the same.
    /// </summary>
    private static async Task VerifyFixAsync(string source, string fixedOne, string? fixedAll, string key, bool withTracking = false, params DiagnosticResult[] remaining)
    {
        var test = new VerifyFix.Test
        {
            ReferenceAssemblies = TestReferences.Net90WithAspNetCore,
            TestCode = source,
            FixedCode = fixedOne,
            BatchFixedCode = fixedAll ?? fixedOne,
            CodeActionEquivalenceKey = key,
        };
        test.TestState.ExpectedDiagnostics.AddRange(remaining);
        test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        test.BatchFixedState.ExpectedDiagnostics.AddRange(remaining);
        if (withTracking)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.WsResilienceAspNetCore);
        }

        await test.RunAsync(CancellationToken.None);
    }

    private const string TrackedUsings = ServerTestSources.Usings + "using WsResilience.AspNetCore;\n";

    [Fact]
    public Task The_tracked_accept_replaces_each_drop_in_accept_and_imports_its_namespace_once() =>
        VerifyFixAsync(Usings + Session + """
            sealed class Endpoints
            {
                public async Task ChatAsync(HttpContext context)
                {
                    using var socket = await [|context.WebSockets.AcceptWebSocketAsync()|];
                    await Session.RunAsync(socket, context.RequestAborted);
                }

                public async Task FeedAsync(HttpContext context) =>
                    await Session.RunAsync(await [|context.WebSockets.AcceptWebSocketAsync("feed.v2")|].ConfigureAwait(false), default);
            }
            """, TrackedUsings + Session + """
            sealed class Endpoints
            {
                public async Task ChatAsync(HttpContext context)
                {
                    using var socket = await context.AcceptTrackedWebSocketAsync();
                    await Session.RunAsync(socket, context.RequestAborted);
                }

                public async Task FeedAsync(HttpContext context) =>
                    await Session.RunAsync(await context.WebSockets.AcceptWebSocketAsync("feed.v2").ConfigureAwait(false), default);
            }
            """, TrackedUsings + Session + """
            sealed class Endpoints
            {
                public async Task ChatAsync(HttpContext context)
                {
                    using var socket = await context.AcceptTrackedWebSocketAsync();
                    await Session.RunAsync(socket, context.RequestAborted);
                }

                public async Task FeedAsync(HttpContext context) =>
                    await Session.RunAsync(await context.AcceptTrackedWebSocketAsync("feed.v2").ConfigureAwait(false), default);
            }
            """,
            SessionsNotClosedOnShutdownCodeFixProvider.TrackedAcceptEquivalenceKey,
            withTracking: true);

    [Fact]
    public Task The_tracked_accept_leaves_an_accept_context_to_the_other_fix() =>
        VerifyFixAsync(Usings + Session + """
            sealed class Endpoints
            {
                public async Task ChatAsync(HttpContext context)
                {
                    using var socket = await {|#0:context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = true })|};
                    await Session.RunAsync(socket, context.RequestAborted);
                }
            }
            """, Usings + Session + """
            sealed class Endpoints
            {
                public async Task ChatAsync(HttpContext context)
                {
                    using var socket = await {|#0:context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = true })|};
                    await Session.RunAsync(socket, context.RequestAborted);
                }
            }
            """,
            null,
            SessionsNotClosedOnShutdownCodeFixProvider.TrackedAcceptEquivalenceKey,
            withTracking: true,
            remaining: VerifyFix.Diagnostic("WS0007").WithLocation(0).WithArguments("context.WebSockets.AcceptWebSocketAsync"));

    private const string FixedUsings = ServerTestSources.Usings + "using Microsoft.Extensions.DependencyInjection;\n";

    /// <summary>The middleware of the next test, fixed.</summary>
    private const string MiddlewareFixed = """
        sealed class EchoMiddleware
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var socket = await context.WebSockets.AcceptWebSocketAsync("chat").ConfigureAwait(false);
                using var closeOnStopping = context.RequestServices.GetRequiredService<global::Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.Register(() =>
                    socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "Server stopping", CancellationToken.None)
                        .WaitAsync(TimeSpan.FromSeconds(5))
                        .ContinueWith(_ => socket.Abort(), TaskContinuationOptions.NotOnRanToCompletion));
                await Session.RunAsync(socket, context.RequestAborted).ConfigureAwait(false);
            }
        }
        """;

    /// <summary>The controller of the next test as written, left alone by the first fix.</summary>
    private const string ControllerUnfixed = """
        public sealed class StreamController : ControllerBase
        {
            [HttpGet("/stream")]
            public async Task Get()
            {
                using WebSocket socket = await HttpContext.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext());
                await Session.RunAsync(socket, HttpContext.RequestAborted);
            }
        }
        """;

    /// <summary>The controller of the next test, fixed by Fix All.</summary>
    private const string ControllerFixed = """
        public sealed class StreamController : ControllerBase
        {
            [HttpGet("/stream")]
            public async Task Get()
            {
                using WebSocket socket = await HttpContext.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext());
                using var closeOnStopping = HttpContext.RequestServices.GetRequiredService<global::Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.Register(() =>
                    socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "Server stopping", CancellationToken.None)
                        .WaitAsync(TimeSpan.FromSeconds(5))
                        .ContinueWith(_ => socket.Abort(), TaskContinuationOptions.NotOnRanToCompletion));
                await Session.RunAsync(socket, HttpContext.RequestAborted);
            }
        }
        """;

    [Fact]
    public Task The_BCL_fix_closes_with_1001_on_stopping_in_a_middleware_and_a_controller() =>
        VerifyFixAsync("using Microsoft.AspNetCore.Mvc;\n" + Usings + Session + """
            sealed class EchoMiddleware
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var socket = await [|context.WebSockets.AcceptWebSocketAsync("chat")|].ConfigureAwait(false);
                    await Session.RunAsync(socket, context.RequestAborted).ConfigureAwait(false);
                }
            }

            public sealed class StreamController : ControllerBase
            {
                [HttpGet("/stream")]
                public async Task Get()
                {
                    using WebSocket socket = await [|HttpContext.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext())|];
                    await Session.RunAsync(socket, HttpContext.RequestAborted);
                }
            }
            """, "using Microsoft.AspNetCore.Mvc;\n" + FixedUsings + Session + MiddlewareFixed + "\n\n" + ControllerUnfixed,
            "using Microsoft.AspNetCore.Mvc;\n" + FixedUsings + Session + MiddlewareFixed + "\n\n" + ControllerFixed,
            SessionsNotClosedOnShutdownCodeFixProvider.CloseOnStoppingEquivalenceKey);

    private const string MinimalApi = """
        using System.Net.WebSockets;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var app = WebApplication.Create(args);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(20) });
        app.Map("/ws", async context =>
        {
            using var closeOnStopping = new CancellationTokenSource();
            using var socket = await [|context.WebSockets.AcceptWebSocketAsync()|];
            var buffer = new byte[1024];
            while (!(await socket.ReceiveAsync(buffer, context.RequestAborted)).CloseStatus.HasValue)
            {
            }
        });
        app.Run();
        """;

    private const string MinimalApiFixed = """
        using System.Net.WebSockets;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var app = WebApplication.Create(args);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(20) });
        app.Map("/ws", async context =>
        {
            using var closeOnStopping = new CancellationTokenSource();
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var closeOnStopping2 = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() =>
                socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "Server stopping", CancellationToken.None)
                    .WaitAsync(TimeSpan.FromSeconds(5))
                    .ContinueWith(_ => socket.Abort(), TaskContinuationOptions.NotOnRanToCompletion));
            var buffer = new byte[1024];
            while (!(await socket.ReceiveAsync(buffer, context.RequestAborted)).CloseStatus.HasValue)
            {
            }
        });
        app.Run();
        """;

    [Fact]
    public async Task The_BCL_fix_works_in_a_minimal_API_lambda_with_implicit_usings_and_picks_an_unused_name()
    {
        var test = new VerifyFix.Test
        {
            ReferenceAssemblies = TestReferences.Net90WithAspNetCore,
            TestCode = MinimalApi,
            FixedCode = MinimalApiFixed,
            CodeActionEquivalenceKey = SessionsNotClosedOnShutdownCodeFixProvider.CloseOnStoppingEquivalenceKey,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.Sources.Add(("Usings.cs", "global using System;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n"));
        }

        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_fixed_code_compiles_and_draws_no_WebSocket_finding_from_any_rule()
    {
        var host = await AnalyzerHost.CreateAsync();
        var failures = new ConcurrentQueue<string>();
        var compilation = host.Compile(
            OutputKind.ConsoleApplication,
            ("Program.cs", MinimalApiFixed),
            ("Usings.cs", "global using System;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n"));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        var findings = (await AnalyzerHost.AnalyzeAsync(compilation, failures)).Where(d => d.Id.StartsWith("WS", StringComparison.Ordinal)).Select(d => d.ToString()).ToList();

        Assert.Empty(errors);
        Assert.Empty(failures);
        Assert.Empty(findings);
    }

    [Fact]
    public Task The_BCL_fix_is_not_offered_where_the_socket_has_no_local_of_its_own() =>
        VerifyFixAsync(Usings + Session + """
            sealed class Endpoints
            {
                public async Task FeedAsync(HttpContext context) =>
                    await Session.RunAsync(await {|#0:context.WebSockets.AcceptWebSocketAsync()|}, default);
            }
            """, Usings + Session + """
            sealed class Endpoints
            {
                public async Task FeedAsync(HttpContext context) =>
                    await Session.RunAsync(await {|#0:context.WebSockets.AcceptWebSocketAsync()|}, default);
            }
            """,
            null,
            SessionsNotClosedOnShutdownCodeFixProvider.CloseOnStoppingEquivalenceKey,
            remaining: VerifyFix.Diagnostic("WS0007").WithLocation(0).WithArguments("context.WebSockets.AcceptWebSocketAsync"));
}
