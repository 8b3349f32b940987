using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    WsAnalyzers.Rules.AbortUnresponsiveWebSocketAnalyzer,
    WsAnalyzers.CodeFixes.AbortUnresponsiveWebSocketCodeFixProvider>;

namespace WsAnalyzers.Tests.Rules;

public class AbortUnresponsiveWebSocketCodeFixTests
{
    private const string Abort = AbortUnresponsiveWebSocketCodeFixProvider.AbortEquivalenceKey;
    private const string CloseOrAbort = AbortUnresponsiveWebSocketCodeFixProvider.CloseOrAbortEquivalenceKey;

    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task Abort_replaces_the_awaited_call_and_keeps_the_surrounding_statements(TargetFramework framework) =>
        Verify.VerifyCodeFixAsync(Usings + """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws)
                {
                    try
                    {
                        await ws.ReceiveAsync(new byte[8], default);
                    }
                    catch (WebSocketException ex)
                    {
                        Console.WriteLine(ex.Message);
                        // The peer is gone.
                        await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None)|]; // trailing
                        Console.WriteLine("closed");
                    }
                }
            }
            """, Usings + """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws)
                {
                    try
                    {
                        await ws.ReceiveAsync(new byte[8], default);
                    }
                    catch (WebSocketException ex)
                    {
                        Console.WriteLine(ex.Message);
                        // The peer is gone.
                        ws.Abort(); // trailing
                        Console.WriteLine("closed");
                    }
                }
            }
            """, Abort, framework);

    [Theory]
    [InlineData("await {|WS0003:Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|}.ConfigureAwait(false);")]
    [InlineData("{|WS0003:Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|}.Wait();")]
    [InlineData("{|WS0003:Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|}.GetAwaiter().GetResult();")]
    [InlineData("_ = {|WS0003:Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|};")]
    [InlineData("await ({|WS0003:Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|});")]
    public Task Abort_replaces_every_statement_that_only_runs_the_close(string statement) =>
        Verify.VerifyCodeFixAsync(Usings + $$"""
            class Client
            {
                public WebSocket Socket { get; } = new ClientWebSocket();

                async Task RunAsync()
                {
                    try { await Socket.ReceiveAsync(new byte[8], default); }
                    catch (OperationCanceledException)
                    {
                        {{statement}}
                    }
                }
            }
            """, Usings + """
            class Client
            {
                public WebSocket Socket { get; } = new ClientWebSocket();

                async Task RunAsync()
                {
                    try { await Socket.ReceiveAsync(new byte[8], default); }
                    catch (OperationCanceledException)
                    {
                        Socket.Abort();
                    }
                }
            }
            """, Abort);

    [Fact]
    public Task Abort_keeps_conditional_access() =>
        Verify.VerifyCodeFixAsync(Usings + """
            class Client
            {
                private ClientWebSocket? _socket;

                void Check(bool isAlive)
                {
                    if (!isAlive)
                    {
                        _socket?[|.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|];
                    }
                }
            }
            """, Usings + """
            class Client
            {
                private ClientWebSocket? _socket;

                void Check(bool isAlive)
                {
                    if (!isAlive)
                    {
                        _socket?.Abort();
                    }
                }
            }
            """, Abort);

    [Fact]
    public Task Fix_all_aborts_every_occurrence_in_the_document() =>
        Verify.VerifyCodeFixAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _ws = new();
                private bool _isAlive;
                private DateTime _lastPong;
                private readonly TimeSpan _pongTimeout = TimeSpan.FromSeconds(10);

                async Task RunAsync()
                {
                    try { await _ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException) { await [|_ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]; }
                    catch (OperationCanceledException) { await [|_ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]; }
                }

                async Task CheckAsync()
                {
                    if (!_isAlive) { await [|_ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]; }
                    if (DateTime.UtcNow - _lastPong > _pongTimeout) { await [|_ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]; }
                }
            }
            """, Usings + """
            class Client
            {
                private readonly ClientWebSocket _ws = new();
                private bool _isAlive;
                private DateTime _lastPong;
                private readonly TimeSpan _pongTimeout = TimeSpan.FromSeconds(10);

                async Task RunAsync()
                {
                    try { await _ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException) { _ws.Abort(); }
                    catch (OperationCanceledException) { _ws.Abort(); }
                }

                async Task CheckAsync()
                {
                    if (!_isAlive) { _ws.Abort(); }
                    if (DateTime.UtcNow - _lastPong > _pongTimeout) { _ws.Abort(); }
                }
            }
            """, Abort);

    [Fact]
    public async Task Fix_all_in_the_project_and_solution_covers_every_document()
    {
        const string first = Usings + """
            class First
            {
                async Task RunAsync(WebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException) { await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]; }
                }
            }
            """;
        const string second = Usings + """
            class Second
            {
                async Task CheckAsync(WebSocket ws, bool isAlive)
                {
                    if (isAlive == false) { await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]; }
                }
            }
            """;
        var test = new Verify.Test { CodeActionEquivalenceKey = Abort };
        test.TestState.Sources.Add(first);
        test.TestState.Sources.Add(second);
        test.FixedState.Sources.Add(first.Replace("await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|];", "ws.Abort();"));
        test.FixedState.Sources.Add(second.Replace("await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|];", "ws.Abort();"));
        await test.RunAsync();
    }

    [Fact]
    public Task CloseOrAbortAsync_replaces_the_call_and_adds_the_using() =>
        Verify.VerifyCodeFixAsync(Usings + """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws, CancellationToken ct)
                {
                    try { await ws.ReceiveAsync(new byte[8], ct); }
                    catch (WebSocketException)
                    {
                        await [|ws.CloseAsync(WebSocketCloseStatus.InternalServerError, "receive failed", ct)|];
                    }
                }
            }
            """, """
            using System;
            using System.Net.WebSockets;
            using System.Threading;
            using System.Threading.Tasks;
            using WsResilience;
            class Client
            {
                async Task RunAsync(ClientWebSocket ws, CancellationToken ct)
                {
                    try { await ws.ReceiveAsync(new byte[8], ct); }
                    catch (WebSocketException)
                    {
                        await ws.CloseOrAbortAsync(WebSocketCloseStatus.InternalServerError, "receive failed", TimeSpan.FromSeconds(5));
                    }
                }
            }
            """, CloseOrAbort, withWsResilience: true);

    [Fact]
    public Task CloseOrAbortAsync_works_where_Abort_cannot_and_keeps_named_arguments() =>
        Verify.VerifyCodeFixAsync("""
            using System.Net.WebSockets;
            using System.Threading.Tasks;
            using WsResilience;

            class Connection
            {
                public bool IsAlive { get; private set; }
                public WebSocket Socket { get; } = new ClientWebSocket();

                public Task CloseIfDeadAsync() => !IsAlive
                    ? [|Socket.CloseAsync(statusDescription: "no pong", closeStatus: WebSocketCloseStatus.PolicyViolation, cancellationToken: default)|]
                    : Task.CompletedTask;
            }
            """, """
            using System.Net.WebSockets;
            using System.Threading.Tasks;
            using WsResilience;

            class Connection
            {
                public bool IsAlive { get; private set; }
                public WebSocket Socket { get; } = new ClientWebSocket();

                public Task CloseIfDeadAsync() => !IsAlive
                    ? Socket.CloseOrAbortAsync(WebSocketCloseStatus.PolicyViolation, "no pong", System.TimeSpan.FromSeconds(5))
                    : Task.CompletedTask;
            }
            """, CloseOrAbort, withWsResilience: true);

    [Fact]
    public Task Fix_all_with_CloseOrAbortAsync_adds_the_using_once() =>
        Verify.VerifyCodeFixAsync(Usings + """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws, bool isAlive)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException) { await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]; }
                    if (!isAlive) { await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "dead", default)|]; }
                }
            }
            """, Usings + """
            using WsResilience;
            class Client
            {
                async Task RunAsync(ClientWebSocket ws, bool isAlive)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException) { await ws.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, TimeSpan.FromSeconds(5)); }
                    if (!isAlive) { await ws.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, "dead", TimeSpan.FromSeconds(5)); }
                }
            }
            """, CloseOrAbort, withWsResilience: true);

    [Fact]
    public async Task Both_fixes_are_offered_when_WsResilience_is_referenced()
    {
        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<AbortUnresponsiveWebSocketAnalyzer, AbortUnresponsiveWebSocketCodeFixProvider>(
            StatementSource, TargetFramework.Net90, withWsResilience: true);
        Assert.Equal(new[] { Abort, CloseOrAbort }, keys);
    }

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public async Task Only_Abort_is_offered_without_WsResilience(TargetFramework framework)
    {
        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<AbortUnresponsiveWebSocketAnalyzer, AbortUnresponsiveWebSocketCodeFixProvider>(
            StatementSource, framework, withWsResilience: false);
        Assert.Equal(new[] { Abort }, keys);
    }

    [Fact]
    public async Task No_fix_is_offered_where_Abort_cannot_replace_the_call_and_WsResilience_is_absent()
    {
        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<AbortUnresponsiveWebSocketAnalyzer, AbortUnresponsiveWebSocketCodeFixProvider>(
            Usings + """
            class Client
            {
                Task<bool> CloseIfDead(WebSocket ws, bool isAlive)
                {
                    if (!isAlive)
                    {
                        var pending = ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
                        return pending.ContinueWith(_ => true);
                    }

                    return Task.FromResult(false);
                }
            }
            """,
            TargetFramework.Net90,
            withWsResilience: false);
        Assert.Empty(keys);
    }

    private const string StatementSource = Usings + """
        class Client
        {
            async Task RunAsync(ClientWebSocket ws)
            {
                try { await ws.ReceiveAsync(new byte[8], default); }
                catch (WebSocketException) { await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default); }
            }
        }
        """;
}
