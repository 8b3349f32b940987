using System.Threading.Tasks;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.UnboundedCloseAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

public class UnboundedCloseAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Waits = "so it waits forever for a peer that never answers";

    // ---- reported ----

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task Stop_closing_with_CancellationToken_None_is_flagged(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync()
                {
                    if (_socket.State != WebSocketState.Open)
                    {
                        return;
                    }

                    await {|#0:_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", CancellationToken.None)|}.ConfigureAwait(false);
                }
            }
            """,
            framework,
            Verify.Diagnostic("WS0006").WithLocation(0).WithArguments("is CancellationToken.None", Waits));

    [Fact]
    public Task Close_guarded_by_an_Open_or_CloseReceived_pattern_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Session
            {
                private ClientWebSocket _socket = new();

                private async Task RestartAsync()
                {
                    try
                    {
                        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                        {
                            await {|#0:_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "restart", CancellationToken.None)|}.ConfigureAwait(false);
                        }
                    }
                    catch
                    {
                    }

                    _socket = new ClientWebSocket();
                }
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0006").WithLocation(0).WithArguments("is CancellationToken.None", Waits));

    [Theory]
    [InlineData("default")]
    [InlineData("default(CancellationToken)")]
    [InlineData("new CancellationToken()")]
    [InlineData("new CancellationToken(false)")]
    public Task Tokens_that_can_never_fire_are_flagged(string token) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Feed
            {
                async Task CloseAsync(WebSocket socket)
                {
                    await [|socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, {{token}})|];
                }
            }
            """);

    [Fact]
    public Task A_local_holding_None_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                async Task CloseAsync(ClientWebSocket socket)
                {
                    var token = CancellationToken.None;
                    await {|#0:socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, token)|};
                }
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0006").WithLocation(0).WithArguments("is CancellationToken.None", Waits));

    [Fact]
    public Task A_nullable_token_that_a_caller_leaves_null_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Connection
            {
                private readonly ClientWebSocket _socket = new();

                public Task<bool> DisconnectAsync() => ShutDownAsync(null);

                public Task<bool> DisconnectAsync(CancellationToken token) => ShutDownAsync(token);

                private async Task<bool> ShutDownAsync(CancellationToken? token)
                {
                    var effective = token ?? CancellationToken.None;
                    await {|#0:_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", effective)|};
                    return true;
                }
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0006").WithLocation(0).WithArguments("'token' is never cancelled when 'DisconnectAsync' calls 'ShutDownAsync'", Waits));

    [Fact]
    public Task An_optional_token_that_a_caller_omits_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Connection
            {
                private readonly ClientWebSocket _socket = new();

                public Task LeaveAsync() => CloseSocketAsync();

                private async Task CloseSocketAsync(CancellationToken cancellationToken = default)
                {
                    await {|#0:_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken)|};
                }
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0006").WithLocation(0).WithArguments("'cancellationToken' is left at its default by 'LeaveAsync', so it is never cancelled", Waits));

    [Theory]
    [InlineData(".GetAwaiter().GetResult()")]
    [InlineData(".ConfigureAwait(false).GetAwaiter().GetResult()")]
    [InlineData(".Wait()")]
    public Task Dispose_blocking_on_an_unbounded_close_is_flagged(string wait) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Listener : IDisposable
            {
                private readonly ClientWebSocket _socket = new();

                public void Dispose()
                {
                    {|#0:_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "disposed", CancellationToken.None)|}{{wait}};
                    _socket.Dispose();
                }
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0006").WithLocation(0).WithArguments(
                "is CancellationToken.None", "and the thread blocks on it, so this call can block forever"));

    [Fact]
    public Task KeepAliveTimeout_set_on_another_socket_does_not_bound_this_one() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Pair
            {
                private readonly ClientWebSocket _primary = new();
                private readonly ClientWebSocket _secondary = new();

                public Pair()
                {
                    _primary.Options.KeepAliveTimeout = TimeSpan.FromSeconds(10);
                }

                public Task StopAsync() => [|_secondary.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)|];
            }
            """);

    [Fact]
    public Task KeepAliveTimeout_turned_off_does_not_bound_the_close() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public Feed()
                {
                    _socket.Options.KeepAliveTimeout = Timeout.InfiniteTimeSpan;
                }

                public Task StopAsync() => [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)|];
            }
            """);

    // ---- silent ----

    [Fact]
    public Task A_token_with_a_time_limit_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                async Task StopAsync(ClientWebSocket socket)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    try
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        socket.Abort();
                    }
                }
            }
            """);

    [Fact]
    public Task A_token_parameter_whose_callers_are_not_seen_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            public class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public Task StopAsync(CancellationToken cancellationToken) =>
                    _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            }
            """);

    [Fact]
    public Task A_nullable_token_whose_callers_all_pass_a_token_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Connection
            {
                private readonly ClientWebSocket _socket = new();

                public Task DisconnectAsync(CancellationToken token) => ShutDownAsync(token);

                private Task ShutDownAsync(CancellationToken? token) =>
                    _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", token ?? CancellationToken.None);
            }
            """);

    [Fact]
    public Task A_local_reassigned_to_a_bounded_token_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                async Task StopAsync(ClientWebSocket socket, bool hurry)
                {
                    var token = CancellationToken.None;
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    if (hurry)
                    {
                        token = timeout.Token;
                    }

                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, token);
                }
            }
            """);

    [Fact]
    public Task Replying_to_the_peers_close_frame_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Reader
            {
                async Task ReadAsync(ClientWebSocket socket)
                {
                    var buffer = new byte[512];
                    while (socket.State == WebSocketState.Open)
                    {
                        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task Closing_in_the_CloseReceived_state_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Reader
            {
                async Task FinishAsync(WebSocket socket)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
                    }
                    else
                    {
                        socket.Abort();
                    }
                }
            }
            """);

    [Fact]
    public Task CloseOutputAsync_and_Abort_are_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                async Task StopAsync(ClientWebSocket socket)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    socket.Abort();
                }
            }
            """);

    [Fact]
    public Task A_blocking_wait_with_a_time_limit_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Listener : IDisposable
            {
                private readonly ClientWebSocket _socket = new();

                public void Dispose()
                {
                    _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "disposed", default).Wait(1000);
                    _socket.Dispose();
                }
            }
            """);

    [Fact]
    public Task KeepAliveTimeout_on_the_same_socket_bounds_the_close_on_net9() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public Feed(TimeSpan pingTimeout)
                {
                    _socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                    _socket.Options.KeepAliveTimeout = pingTimeout;
                }

                public Task StopAsync() => _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            """);

    [Fact]
    public Task A_close_in_a_catch_of_a_broken_connection_is_left_to_WS0003() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Pump
            {
                async Task RunAsync(ClientWebSocket socket, CancellationToken ct)
                {
                    try
                    {
                        await socket.ReceiveAsync(new byte[64], ct);
                    }
                    catch (WebSocketException)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }
                }
            }
            """);

    [Fact]
    public Task A_project_method_named_CloseAsync_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Channel
            {
                public Task CloseAsync(int code, string reason, CancellationToken token) => Task.CompletedTask;

                Task StopAsync() => CloseAsync(1000, "bye", CancellationToken.None);
            }
            """);

    [Fact]
    public Task A_status_that_CloseAsync_rejects_is_left_to_WS0004() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                Task DropAsync(ClientWebSocket socket) =>
                    socket.CloseAsync((WebSocketCloseStatus)1006, "gone", CancellationToken.None);
            }
            """);

    [Fact]
    public Task None_is_recognised_when_the_usings_of_a_half_restored_project_are_missing() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Net.WebSockets;

            class Feed
            {
                System.Threading.Tasks.Task StopAsync(ClientWebSocket socket) =>
                    {|#0:socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, {|CS0103:CancellationToken|}.None)|};
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0006").WithLocation(0).WithArguments("is CancellationToken.None", Waits));
}
