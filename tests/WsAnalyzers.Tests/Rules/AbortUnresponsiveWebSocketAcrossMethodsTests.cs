using System.Threading;
using System.Threading.Tasks;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.AbortUnresponsiveWebSocketAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>WS0003 when the failure path calls a method of the project that does the close.</summary>
public class AbortUnresponsiveWebSocketAcrossMethodsTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task A_catch_that_calls_a_helper_closing_without_a_limit_is_flagged_at_the_call(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(
            Usings + TickerUntilCaught + "WebSocketException" + TickerUntilClose + UnboundedClose + TickerEnd,
            framework,
            Verify.Diagnostic("WS0003").WithLocation(0).WithLocation(1)
                .WithArguments("ShutDownAsync' → 'Ticker.ShutDownAsync' → 'CloseAsync", "the connection has already failed in this catch of 'WebSocketException'"));

    // A ticker whose catch calls a helper that closes: the pieces around the caught type and the helper's close.
    private const string TickerUntilCaught = """
        class Ticker
        {
            private readonly ClientWebSocket _socket = new();

            async Task PumpAsync(CancellationToken ct)
            {
                try
                {
                    await _socket.ReceiveAsync(new byte[256], ct);
                }
                catch (
        """;

    private const string TickerUntilClose = """
        )
                {
                    await {|#0:ShutDownAsync()|};
                }
            }

            private async Task ShutDownAsync()
            {

        """;

    private const string TickerEnd = """

            }
        }
        """;

    private const string UnboundedClose = """await {|#1:_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None)|};""";

    /// <summary>
    /// The ticker catching <paramref name="caught"/> and closing with <paramref name="close"/>; with
    /// <paramref name="marked"/>, the helper's call is marked #0 (and an unbounded close, #1).
    /// </summary>
    private static string CatchingTicker(string caught, string close = UnboundedClose, bool marked = true)
    {
        var code = TickerUntilCaught + caught + TickerUntilClose + close + TickerEnd;
        return marked ? code : code.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace(")|}", ")");
    }

    [Theory]
    [InlineData("Exception")]
    [InlineData("System.Exception")]
    public Task A_catch_of_every_exception_is_no_evidence_of_a_broken_connection(string caught) =>
        Verify.VerifyAnalyzerAsync(Usings + CatchingTicker(caught, marked: false));

    private const string FailedConnection = "the connection has already failed in this catch of 'WebSocketException'";

    // The failure walk reads an Exception's line before finding its token: every spelling of a catch must still get there.
    [Theory]
    [InlineData("catch(", "WebSocketException")]
    [InlineData("catch \t (", "WebSocketException")]
    [InlineData("catch /* the peer is gone */ (", "WebSocketException")]
    [InlineData("catch\n(", "WebSocketException")]
    [InlineData("catch (\n", "System.Net.WebSockets.WebSocketException")]
    [InlineData("catch ( /* gone */ ", "global::System.Net.WebSockets.WebSocketException")]
    [InlineData("catch (", "System.Net.WebSockets.\nWebSocketException")]
    [InlineData("catch (", "System.Net.WebSockets. /* qualified */ WebSocketException")]
    [InlineData("catch (", "System.Net.WebSockets.\\u0057ebSocketException")]
    public Task A_catch_spelled_with_any_spacing_comment_or_qualification_is_evidence(string catchOpening, string caught) =>
        Verify.VerifyAnalyzerAsync(
            Usings + CatchingTicker(caught).Replace("catch (", catchOpening),
            TargetFramework.Net90,
            Verify.Diagnostic("WS0003").WithLocation(0).WithLocation(1)
                .WithArguments("ShutDownAsync' → 'Ticker.ShutDownAsync' → 'CloseAsync", FailedConnection));

    [Theory]
    [InlineData("throw new WebSocketException(\"peer gone\");")]
    [InlineData("Log(new WebSocketException());")]
    [InlineData("var failure = (WebSocketException)null;")]
    public Task An_exception_created_or_cast_outside_a_catch_clause_is_no_failure_path(string statement) =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Ticker
            {
                private readonly ClientWebSocket _socket = new();

                async Task PumpAsync()
                {
                    STATEMENT
                    await ShutDownAsync();
                }

                private static void Log(Exception failure) { }

                private async Task ShutDownAsync()
                {
                    await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
                }
            }
            """.Replace("STATEMENT", statement));

    [Theory]
    [InlineData("using Exception = System.Net.WebSockets.WebSocketException;\n" + Usings, FailedConnection)]
    [InlineData(Usings + "namespace Feeds {\nusing Exception = System.Net.WebSockets.WebSocketException;\n", FailedConnection)]
    [InlineData(Usings + "sealed class Exception : TimeoutException { }\n", "in this catch of 'Exception' the peer did not answer in time")]
    public Task A_catch_whose_exception_name_means_a_failure_of_the_peer_here_is_evidence(string prefix, string explanation)
    {
        var code = prefix + CatchingTicker("Exception");
        if (prefix.Contains("namespace Feeds {"))
        {
            code += "\n}";
        }

        return Verify.VerifyAnalyzerAsync(code, TargetFramework.Net90, Verify.Diagnostic("WS0003").WithLocation(0).WithLocation(1)
            .WithArguments("ShutDownAsync' → 'Ticker.ShutDownAsync' → 'CloseAsync", explanation));
    }

    [Fact]
    public Task A_catch_of_exception_under_a_global_alias_in_another_file_is_evidence()
    {
        var test = new CSharpAnalyzerVerifier<WsAnalyzers.Rules.AbortUnresponsiveWebSocketAnalyzer>.Test();
        test.TestState.Sources.Add(("Aliases.cs", "global using Exception = System.Net.WebSockets.WebSocketException;\n"));
        test.TestState.Sources.Add(("Ticker.cs", Usings + CatchingTicker("Exception")));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("WS0003").WithLocation(0).WithLocation(1)
            .WithArguments("ShutDownAsync' → 'Ticker.ShutDownAsync' → 'CloseAsync", FailedConnection));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task The_code_after_a_watchdog_loop_that_calls_a_helper_in_another_file_is_flagged()
    {
        var test = new CSharpAnalyzerVerifier<WsAnalyzers.Rules.AbortUnresponsiveWebSocketAnalyzer>.Test();
        test.TestState.Sources.Add(("Watchdog.cs", Usings + """
            class Watchdog
            {
                private readonly Connection _connection = new();
                private DateTimeOffset _lastMessageAt = DateTimeOffset.UtcNow;
                private readonly TimeSpan _silenceTimeout = TimeSpan.FromSeconds(30);

                public Task ConnectAsync(Uri uri) => _connection.OpenAsync(uri);

                async Task WatchAsync(CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        if (DateTimeOffset.UtcNow - _lastMessageAt > _silenceTimeout)
                        {
                            break;
                        }

                        await Task.Delay(1000, ct);
                    }

                    await {|#0:_connection.LeaveAsync()|};
                }
            }
            """));
        test.TestState.Sources.Add(("Connection.cs", Usings + """
            class Connection
            {
                private readonly ClientWebSocket _socket = new();

                public Task OpenAsync(Uri uri) => _socket.ConnectAsync(uri, CancellationToken.None);

                public async Task LeaveAsync()
                {
                    if (_socket.State == WebSocketState.Open)
                    {
                        await {|#1:_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None)|};
                    }
                }
            }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("WS0003").WithLocation(0).WithLocation(1)
            .WithArguments("LeaveAsync' → 'Connection.LeaveAsync' → 'CloseAsync", "the watchdog loop before it ends when the peer stopped answering"));
        return test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("if (!_peerAlive) { await {|#0:_connection.LeaveAsync()|}; }")]
    [InlineData("if (DateTimeOffset.UtcNow - _lastPongAt > _pongTimeout) { await {|#0:_connection.LeaveAsync()|}; }")]
    [InlineData("await (DateTimeOffset.UtcNow - _lastPongAt > _pongTimeout ? {|#0:_connection.LeaveAsync()|} : Task.CompletedTask);")]
    public Task A_failed_heartbeat_branch_that_calls_a_helper_in_another_file_is_flagged(string check) =>
        VerifyBesideLeavingConnectionAsync("Heartbeat.cs", $$"""
            class Heartbeat
            {
                private readonly Connection _connection = new();
                private bool _peerAlive = true;
                private DateTimeOffset _lastPongAt = DateTimeOffset.UtcNow;
                private readonly TimeSpan _pongTimeout = TimeSpan.FromSeconds(30);

                public Task ConnectAsync(Uri uri) => _connection.OpenAsync(uri);

                async Task CheckAsync()
                {
                    {{check}}
                }
            }
            """,
            "the heartbeat check guarding this branch says the peer is unresponsive");

    [Fact]
    public Task A_catch_of_a_timeout_that_calls_a_helper_in_another_file_is_flagged() =>
        VerifyBesideLeavingConnectionAsync("Pump.cs", """
            class Pump
            {
                private readonly Connection _connection = new();

                async Task PumpAsync(CancellationToken ct)
                {
                    try
                    {
                        await _connection.Socket.ReceiveAsync(new byte[256], ct).WaitAsync(TimeSpan.FromSeconds(5), ct);
                    }
                    catch (TimeoutException)
                    {
                        await {|#0:_connection.LeaveAsync()|};
                    }
                }
            }
            """,
            "in this catch of 'TimeoutException' the peer did not answer in time");

    [Theory]
    [InlineData("var limit = _requestTimeout; await _connection.LeaveAsync();")]
    [InlineData("try { await _connection.LeaveAsync(); } catch (Exception) { await _connection.LeaveAsync(); }")]
    [InlineData("if (_requestTimeout > TimeSpan.Zero) { throw new ArgumentException(\"keep alive\"); } await _connection.LeaveAsync();")]
    public Task A_helper_call_where_a_failure_word_is_no_evidence_is_silent(string body) =>
        VerifyBesideLeavingConnectionAsync("Client.cs", $$"""
            class Client
            {
                private readonly Connection _connection = new();
                private readonly TimeSpan _requestTimeout = TimeSpan.FromSeconds(30);

                async Task StopAsync()
                {
                    {{body}}
                }
            }
            """,
            explanation: null);

    /// <summary>
    /// The caller's file beside <see cref="LeavingConnection"/>: flagged at its call <c>#0</c> with
    /// <paramref name="explanation"/>, or silent when that is null.
    /// </summary>
    private static Task VerifyBesideLeavingConnectionAsync(string fileName, string caller, string? explanation)
    {
        var test = new CSharpAnalyzerVerifier<WsAnalyzers.Rules.AbortUnresponsiveWebSocketAnalyzer>.Test();
        test.TestState.Sources.Add((fileName, Usings + caller));
        test.TestState.Sources.Add(("Connection.cs", Usings + LeavingConnection));
        if (explanation is not null)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("WS0003").WithLocation(0).WithLocation(1)
                .WithArguments("LeaveAsync' → 'Connection.LeaveAsync' → 'CloseAsync", explanation));
        }

        return test.RunAsync(CancellationToken.None);
    }

    private const string LeavingConnection = """
        class Connection
        {
            public ClientWebSocket Socket { get; } = new();

            public Task OpenAsync(Uri uri) => Socket.ConnectAsync(uri, CancellationToken.None);

            public async Task LeaveAsync()
            {
                await {|#1:Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None)|};
            }
        }
        """;

    [Fact]
    public Task A_helper_with_a_bounded_close_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + CatchingTicker("WebSocketException", marked: false, close: """
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _socket.Abort();
            }
            """));

    [Fact]
    public Task A_virtual_helper_that_a_subclass_may_replace_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Ticker
            {
                protected readonly ClientWebSocket Socket = new();

                async Task PumpAsync(CancellationToken ct)
                {
                    try
                    {
                        await Socket.ReceiveAsync(new byte[256], ct);
                    }
                    catch (WebSocketException)
                    {
                        await ShutDownAsync();
                    }
                }

                protected virtual Task ShutDownAsync() =>
                    Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            """);

    [Fact]
    public Task A_helper_called_on_the_ordinary_path_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Ticker
            {
                private readonly ClientWebSocket _socket = new();

                async Task PumpAsync(CancellationToken ct)
                {
                    try
                    {
                        await _socket.ReceiveAsync(new byte[256], ct);
                        await ShutDownAsync();
                    }
                    catch (WebSocketException)
                    {
                        _socket.Abort();
                    }
                }

                private Task ShutDownAsync() =>
                    _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            """);

    [Fact]
    public Task A_helper_that_only_answers_the_peers_close_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Ticker
            {
                private readonly ClientWebSocket _socket = new();

                async Task PumpAsync(CancellationToken ct)
                {
                    try
                    {
                        await _socket.ReceiveAsync(new byte[256], ct);
                    }
                    catch (OperationCanceledException)
                    {
                        await FinishAsync();
                        _socket.Abort();
                    }
                }

                private async Task FinishAsync()
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }
                }
            }
            """);

    [Fact]
    public Task A_loop_that_ends_for_another_reason_is_not_a_watchdog() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Poller
            {
                private readonly ClientWebSocket _socket = new();
                private int _remaining = 10;

                async Task RunAsync(CancellationToken ct)
                {
                    while (true)
                    {
                        if (--_remaining == 0)
                        {
                            break;
                        }

                        await Task.Delay(1000, ct);
                    }

                    await StopAsync();
                }

                private Task StopAsync() =>
                    _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            """);
}
