using System.Linq;
using System.Threading.Tasks;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    WsAnalyzers.Rules.UnboundedCloseAnalyzer,
    WsAnalyzers.CodeFixes.UnboundedCloseCodeFixProvider>;

namespace WsAnalyzers.Tests.Rules;

public class UnboundedCloseCodeFixTests
{
    private const string Bounded = UnboundedCloseCodeFixProvider.BoundedCloseEquivalenceKey;
    private const string CloseOrAbort = UnboundedCloseCodeFixProvider.CloseOrAbortEquivalenceKey;

    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>The bounded close the BCL fix writes around <paramref name="close"/> on <paramref name="socket"/>, at 8 spaces.</summary>
    private static string BoundedBlock(string close, string socket = "_socket", string indent = "        ") => $$"""
        using (var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                {{close}};
            }
            catch (OperationCanceledException)
            {
                {{socket}}.Abort();
            }
            catch (WebSocketException) when ({{socket}}.State == WebSocketState.Aborted)
            {
                {{socket}}.Abort();
            }
        }
        """.Replace("\n", "\n" + indent);

    [Theory]
    [InlineData(TargetFramework.Net80, "CancellationToken.None")]
    [InlineData(TargetFramework.Net90, "CancellationToken.None")]
    [InlineData(TargetFramework.Net90, "default")]
    [InlineData(TargetFramework.Net90, "default(CancellationToken)")]
    [InlineData(TargetFramework.Net90, "new CancellationToken()")]
    [InlineData(TargetFramework.Net90, "new CancellationToken(false)")]
    public Task Bounded_close_wraps_an_awaited_statement(TargetFramework framework, string token) =>
        Verify.VerifyCodeFixAsync(Usings + $$"""
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync()
                {
                    Console.WriteLine("stopping");
                    // The server should answer at once.
                    await [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", {{token}})|];
                    Console.WriteLine("stopped");
                }
            }
            """, Usings + $$"""
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync()
                {
                    Console.WriteLine("stopping");
                    // The server should answer at once.
                    {{BoundedBlock("await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"stopping\", closeTimeout.Token)")}}
                    Console.WriteLine("stopped");
                }
            }
            """, Bounded, framework);

    [Fact]
    public Task Bounded_close_keeps_ConfigureAwait() =>
        Verify.VerifyCodeFixAsync(Usings + """
            class Feed
            {
                private readonly WebSocket _socket;

                public Feed(WebSocket socket) => _socket = socket;

                public async Task StopAsync()
                {
                    await [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)|].ConfigureAwait(false);
                }
            }
            """, Usings + $$"""
            class Feed
            {
                private readonly WebSocket _socket;

                public Feed(WebSocket socket) => _socket = socket;

                public async Task StopAsync()
                {
                    {{BoundedBlock("await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, closeTimeout.Token).ConfigureAwait(false)")}}
                }
            }
            """, Bounded);

    [Fact]
    public Task Bounded_close_turns_a_returned_close_task_into_an_async_body() =>
        Verify.VerifyCodeFixAsync(Usings + """
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public Task StopAsync() => [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", CancellationToken.None)|];

                Task Helper() => [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "helper", default)|];
            }
            """, Usings + $$"""
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync()
                {
                    {{BoundedBlock("await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"stopping\", closeTimeout.Token)")}}
                }

                async Task Helper()
                {
                    {{BoundedBlock("await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"helper\", closeTimeout.Token)")}}
                }
            }
            """, Bounded);

    [Fact]
    public Task Bounded_close_gives_an_awaiting_expression_body_a_block() =>
        Verify.VerifyCodeFixAsync(Usings + """
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync() => await [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", CancellationToken.None)|].ConfigureAwait(false);
            }
            """, Usings + $$"""
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync()
                {
                    {{BoundedBlock("await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"stopping\", closeTimeout.Token).ConfigureAwait(false)")}}
                }
            }
            """, Bounded);

    [Theory]
    [InlineData(".Wait()")]
    [InlineData(".GetAwaiter().GetResult()")]
    [InlineData(".ConfigureAwait(false).GetAwaiter().GetResult()")]
    public Task Bounded_close_keeps_a_blocking_Dispose_synchronous(string wait) =>
        Verify.VerifyCodeFixAsync(Usings + $$"""
            sealed class Listener : IDisposable
            {
                private readonly ClientWebSocket _socket = new();

                public void Dispose()
                {
                    [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "disposed", CancellationToken.None)|]{{wait}};
                    _socket.Dispose();
                }
            }
            """, Usings + $$"""
            sealed class Listener : IDisposable
            {
                private readonly ClientWebSocket _socket = new();

                public void Dispose()
                {
                    {{BoundedBlock("_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"disposed\", closeTimeout.Token)" + (wait == ".Wait()" ? ".GetAwaiter().GetResult()" : wait))}}
                    _socket.Dispose();
                }
            }
            """, Bounded);

    [Fact]
    public Task Bounded_close_gives_an_expression_bodied_Dispose_a_block_and_stays_synchronous() =>
        Verify.VerifyCodeFixAsync(Usings + """
            sealed class Listener : IDisposable
            {
                private readonly ClientWebSocket _socket = new();

                public void Dispose() => [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "disposed", default)|].Wait();
            }
            """, Usings + $$"""
            sealed class Listener : IDisposable
            {
                private readonly ClientWebSocket _socket = new();

                public void Dispose()
                {
                    {{BoundedBlock("_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"disposed\", closeTimeout.Token).GetAwaiter().GetResult()")}}
                }
            }
            """, Bounded);

    [Fact]
    public Task Bounded_close_links_a_parameter_its_callers_leave_uncancelled_and_keeps_the_socket_receiver() =>
        Verify.VerifyCodeFixAsync(Usings + """
            class Feed
            {
                public static Task StopAsync(WebSocket socket) => DisconnectAsync(socket);

                private static async Task DisconnectAsync(WebSocket socket, CancellationToken cancellationToken = default)
                {
                    await [|socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken)|];
                }
            }
            """, Usings + """
            class Feed
            {
                public static Task StopAsync(WebSocket socket) => DisconnectAsync(socket);

                private static async Task DisconnectAsync(WebSocket socket, CancellationToken cancellationToken = default)
                {
                    using (var closeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        closeTimeout.CancelAfter(TimeSpan.FromSeconds(5));
                        try
                        {
                            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", closeTimeout.Token);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            socket.Abort();
                        }
                        catch (WebSocketException) when (socket.State == WebSocketState.Aborted)
                        {
                            socket.Abort();
                        }
                    }
                }
            }
            """, Bounded);

    [Fact]
    public Task Bounded_close_names_its_source_apart_from_a_name_in_scope_and_qualifies_types_not_imported() =>
        Verify.VerifyCodeFixAsync("""
            using System.Net.WebSockets;
            using System.Threading;
            using System.Threading.Tasks;

            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync(int closeTimeout)
                {
                    await [|this._socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", CancellationToken.None)|];
                }
            }
            """, """
            using System.Net.WebSockets;
            using System.Threading;
            using System.Threading.Tasks;

            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync(int closeTimeout)
                {
                    using (var closeTimeout2 = new CancellationTokenSource(global::System.TimeSpan.FromSeconds(5)))
                    {
                        try
                        {
                            await this._socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", closeTimeout2.Token);
                        }
                        catch (global::System.OperationCanceledException)
                        {
                            this._socket.Abort();
                        }
                        catch (WebSocketException) when (this._socket.State == WebSocketState.Aborted)
                        {
                            this._socket.Abort();
                        }
                    }
                }
            }
            """, Bounded);

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task CloseOrAbortAsync_replaces_the_call_and_adds_the_using(TargetFramework framework) =>
        Verify.VerifyCodeFixAsync(Usings + """
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync()
                {
                    await [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", CancellationToken.None)|].ConfigureAwait(false);
                }

                public Task RestartAsync() => [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "restart", default)|];

                public void Dispose() => [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "disposed", new CancellationToken())|].Wait();
            }
            """, """
            using System;
            using System.Net.WebSockets;
            using System.Threading;
            using System.Threading.Tasks;
            using WsResilience;
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync()
                {
                    await _socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, "stopping", TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                }

                public Task RestartAsync() => _socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, "restart", TimeSpan.FromSeconds(5));

                public void Dispose() => _socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, "disposed", TimeSpan.FromSeconds(5)).Wait();
            }
            """, CloseOrAbort, framework, withWsResilience: true);

    [Fact]
    public Task CloseOrAbortAsync_passes_on_a_parameter_token_and_works_on_a_discarded_close() =>
        Verify.VerifyCodeFixAsync(Usings + """
            using WsResilience;

            class Feed
            {
                public static Task StopAsync(WebSocket socket) => DisconnectAsync(socket);

                private static async Task DisconnectAsync(WebSocket socket, CancellationToken cancellationToken = default)
                {
                    await [|socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken)|];
                }

                public static void Leave(WebSocket socket)
                {
                    _ = [|socket.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "leaving", CancellationToken.None)|];
                }
            }
            """, Usings + """
            using WsResilience;

            class Feed
            {
                public static Task StopAsync(WebSocket socket) => DisconnectAsync(socket);

                private static async Task DisconnectAsync(WebSocket socket, CancellationToken cancellationToken = default)
                {
                    await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, "bye", TimeSpan.FromSeconds(5), cancellationToken);
                }

                public static void Leave(WebSocket socket)
                {
                    _ = socket.CloseOrAbortAsync(WebSocketCloseStatus.EndpointUnavailable, "leaving", TimeSpan.FromSeconds(5));
                }
            }
            """, CloseOrAbort, withWsResilience: true);

    [Fact]
    public Task Fix_all_bounds_every_close_in_the_document() =>
        Verify.VerifyCodeFixAsync(Usings + """
            sealed class Session : IDisposable
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync()
                {
                    await [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", CancellationToken.None)|];
                }

                public async Task RestartAsync()
                {
                    await [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "restart", default)|];
                    await [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "again", default)|];
                }

                public void Dispose()
                {
                    [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "disposed", CancellationToken.None)|].Wait();
                }
            }
            """, Usings + $$"""
            sealed class Session : IDisposable
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync()
                {
                    {{BoundedBlock("await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"stopping\", closeTimeout.Token)")}}
                }

                public async Task RestartAsync()
                {
                    {{BoundedBlock("await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"restart\", closeTimeout.Token)")}}
                    {{BoundedBlock("await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"again\", closeTimeout.Token)")}}
                }

                public void Dispose()
                {
                    {{BoundedBlock("_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"disposed\", closeTimeout.Token).GetAwaiter().GetResult()")}}
                }
            }
            """, Bounded);

    [Theory]
    [InlineData(Bounded, false)]
    [InlineData(CloseOrAbort, true)]
    public async Task Fix_all_in_the_project_and_solution_covers_every_document(string key, bool withWsResilience)
    {
        const string first = Usings + """
            class First
            {
                public async Task StopAsync(WebSocket ws)
                {
                    await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)|];
                }
            }
            """;
        const string second = Usings + """
            class Second
            {
                public async Task StopAsync(WebSocket ws)
                {
                    Console.WriteLine("closing");
                    await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)|];
                }
            }
            """;
        const string marked = "await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)|];";
        var fixedClose = key == Bounded
            ? BoundedBlock("await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, closeTimeout.Token)", socket: "ws").TrimEnd(';')
            : "await ws.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, TimeSpan.FromSeconds(5));";
        var addedUsing = key == Bounded ? string.Empty : "using WsResilience;\n";
        var test = new Verify.Test { CodeActionEquivalenceKey = key };
        if (withWsResilience)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.WsResilience);
        }

        test.TestState.Sources.Add(first);
        test.TestState.Sources.Add(second);
        test.FixedState.Sources.Add(first.Replace(marked, fixedClose).Replace("using System.Threading.Tasks;\n", "using System.Threading.Tasks;\n" + addedUsing));
        test.FixedState.Sources.Add(second.Replace(marked, fixedClose).Replace("using System.Threading.Tasks;\n", "using System.Threading.Tasks;\n" + addedUsing));
        await test.RunAsync();
    }

    [Fact]
    public async Task Both_fixes_are_offered_when_WsResilience_is_referenced()
    {
        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<UnboundedCloseAnalyzer, UnboundedCloseCodeFixProvider>(
            StatementSource, TargetFramework.Net90, withWsResilience: true);
        Assert.Equal(new[] { Bounded, CloseOrAbort }, keys);
    }

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public async Task Only_the_bounded_close_is_offered_without_WsResilience(TargetFramework framework)
    {
        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<UnboundedCloseAnalyzer, UnboundedCloseCodeFixProvider>(
            StatementSource, framework, withWsResilience: false);
        Assert.Equal(new[] { Bounded }, keys);
    }

    [Theory]
    [InlineData("_ = socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);")]
    [InlineData("socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);")]
    [InlineData("var closing = socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); closing.Wait();")]
    [InlineData("Sockets()[0].CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Wait();")]
    public async Task No_bounded_close_is_offered_where_the_close_is_not_waited_on_in_place_or_its_receiver_would_run_twice(string statement)
    {
        var source = Usings + $$"""
            class Feed
            {
                private WebSocket[] Sockets() => new WebSocket[] { new ClientWebSocket() };

                public void Leave(WebSocket socket)
                {
                    {{statement}}
                }
            }
            """;
        Assert.Empty(await CodeFixOffers.GetEquivalenceKeysAsync<UnboundedCloseAnalyzer, UnboundedCloseCodeFixProvider>(
            source, TargetFramework.Net90, withWsResilience: false));
        Assert.Equal(new[] { CloseOrAbort }, await CodeFixOffers.GetEquivalenceKeysAsync<UnboundedCloseAnalyzer, UnboundedCloseCodeFixProvider>(
            source, TargetFramework.Net90, withWsResilience: true));
    }

    private const string StatementSource = Usings + """
        class Feed
        {
            public async Task StopAsync(WebSocket socket)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        """;

    [Fact]
    public async Task The_bounded_close_draws_no_finding_from_any_rule_even_when_a_failure_path_reaches_it()
    {
        var source = Usings + $$"""
            sealed class Session : IDisposable
            {
                private readonly WebSocket _socket;

                public Session(WebSocket socket) => _socket = socket;

                public async Task RunAsync()
                {
                    try
                    {
                        var result = await _socket.ReceiveAsync(new byte[1024], CancellationToken.None);
                        Console.WriteLine(result.Count);
                    }
                    catch (WebSocketException)
                    {
                        await StopAsync();
                        throw;
                    }
                }

                public async Task StopAsync()
                {
                    {{BoundedBlock("await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"stopping\", closeTimeout.Token)")}}
                }

                public void Dispose()
                {
                    {{BoundedBlock("_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"disposed\", closeTimeout.Token).GetAwaiter().GetResult()")}}
                }
            }
            """;
        var host = await Infrastructure.AnalyzerHost.CreateAsync();
        var compilation = host.Compile(("Session.cs", source));
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var diagnostics = await Infrastructure.AnalyzerHost.AnalyzeAsync(compilation, failures);

        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.Empty(failures);
        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }
}
