using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.AbortUnresponsiveWebSocketAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

public class AbortUnresponsiveWebSocketAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- (a) catch clauses ----

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task CloseAsync_in_catch_of_WebSocketException_on_a_local_is_flagged(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    var ws = new ClientWebSocket();
                    await ws.ConnectAsync(uri, ct);
                    var buffer = new byte[1024];
                    try
                    {
                        while (true)
                        {
                            await ws.ReceiveAsync(buffer, ct);
                        }
                    }
                    catch (WebSocketException)
                    {
                        await {|#0:ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None)|};
                    }
                }
            }
            """,
            framework,
            Verify.Diagnostic("WS0003").WithLocation(0).WithArguments("CloseAsync", "the connection has already failed in this catch of 'WebSocketException'"));

    [Theory]
    [InlineData("OperationCanceledException", "in this catch of 'OperationCanceledException' a WebSocket operation was cancelled, by a deadline, an abort or your own token, and a cancelled WebSocket operation aborts the socket")]
    [InlineData("TaskCanceledException", "in this catch of 'TaskCanceledException' a WebSocket operation was cancelled, by a deadline, an abort or your own token, and a cancelled WebSocket operation aborts the socket")]
    [InlineData("TimeoutException", "in this catch of 'TimeoutException' the peer did not answer in time")]
    public Task A_close_after_a_cancelled_or_timed_out_receive_says_what_the_catch_means(string caught, string reason) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                async Task RunAsync(ClientWebSocket ws, CancellationToken ct)
                {
                    try
                    {
                        await ws.ReceiveAsync(new byte[1024], ct);
                    }
                    catch ({{caught}})
                    {
                        await {|#0:ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None)|};
                    }
                }
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0003").WithLocation(0).WithArguments("CloseAsync", reason));

    [Fact]
    public Task CloseAsync_in_catch_of_OperationCanceledException_with_a_filter_on_a_parameter_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Handler
            {
                async Task EchoAsync(WebSocket socket, CancellationToken stopping)
                {
                    var buffer = new byte[1024];
                    try
                    {
                        await socket.ReceiveAsync(buffer, stopping);
                    }
                    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                    {
                        await [|socket.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "shutting down", CancellationToken.None)|];
                    }
                }
            }
            """);

    [Fact]
    public Task CloseAsync_in_catch_of_TaskCanceledException_on_a_field_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();

                async Task PumpAsync(CancellationToken ct)
                {
                    try
                    {
                        await _socket.SendAsync(new byte[1], WebSocketMessageType.Binary, true, ct);
                    }
                    catch (TaskCanceledException ex)
                    {
                        Console.WriteLine(ex.Message);
                        await [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|].ConfigureAwait(false);
                    }
                }
            }
            """);

    [Fact]
    public Task CloseAsync_in_catch_of_TimeoutException_on_a_property_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                public WebSocket Socket { get; set; } = new ClientWebSocket();

                async Task PingAsync()
                {
                    try
                    {
                        await Socket.SendAsync(new byte[1], WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
                    }
                    catch (TimeoutException)
                    {
                        await [|Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "ping timed out", CancellationToken.None)|];
                    }
                }
            }
            """);

    [Fact]
    public Task CloseAsync_in_a_filtered_catch_of_WebSocketException_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
                    {
                        await [|ws.CloseAsync(WebSocketCloseStatus.ProtocolError, null, default)|];
                    }
                }
            }
            """);

    [Fact]
    public Task CloseAsync_nested_deeper_in_the_catch_block_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException ex)
                    {
                        if (ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
                        {
                            try { await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]; }
                            finally { ws.Dispose(); }
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task CloseAsync_in_a_catch_inside_a_lambda_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                Func<Task> MakeLoop(ClientWebSocket ws) => async () =>
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException) { await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]; }
                };
            }
            """);

    [Fact]
    public Task CloseAsync_in_a_catch_inside_a_local_function_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                Task RunAsync(ClientWebSocket ws)
                {
                    return Loop();

                    async Task Loop()
                    {
                        try { await ws.ReceiveAsync(new byte[8], default); }
                        catch (WebSocketException) { await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]; }
                    }
                }
            }
            """);

    [Fact]
    public async Task CloseAsync_in_a_catch_in_top_level_statements_is_flagged()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                var ws = new ClientWebSocket();
                try
                {
                    await ws.ConnectAsync(new Uri("ws://127.0.0.1:5000"), default);
                    await ws.ReceiveAsync(new byte[8], default);
                }
                catch (WebSocketException)
                {
                    await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|];
                }
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public Task CloseAsync_through_a_user_WebSocket_subclass_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            abstract class TracingWebSocket : WebSocket
            {
                public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
                    => Task.CompletedTask;
            }

            class Client
            {
                async Task RunAsync(TracingWebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException) { await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]; }
                }
            }
            """);

    // ---- (b) failed heartbeats ----

    [Theory]
    [InlineData("!client.IsAlive")]
    [InlineData("client.IsAlive == false")]
    [InlineData("false == client.IsAlive")]
    [InlineData("client.IsAlive != true")]
    [InlineData("client.IsAlive is false")]
    [InlineData("client.IsAlive is not true")]
    [InlineData("!client.IsAlive && socket.State == WebSocketState.Open")]
    [InlineData("!(client.IsAlive || client.PongReceived)")]
    public Task CloseAsync_when_a_liveness_flag_is_false_is_flagged(string condition) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class PeerInfo { public bool IsAlive { get; set; } public bool PongReceived; }

            class Server
            {
                async Task CheckAsync(PeerInfo client, WebSocket socket)
                {
                    if ({{condition}})
                    {
                        await [|socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "no pong", CancellationToken.None)|];
                    }
                }
            }
            """);

    [Fact]
    public Task CloseAsync_in_the_else_branch_of_a_liveness_check_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                private bool _isAlive;

                async Task CheckAsync(WebSocket socket)
                {
                    if (_isAlive)
                    {
                        _isAlive = false;
                    }
                    else
                    {
                        await [|socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|];
                    }
                }
            }
            """);

    [Theory]
    [InlineData("now - lastPong > timeout")]
    [InlineData("now - lastPong >= timeout")]
    [InlineData("timeout < now - lastPong")]
    [InlineData("now > lastPong + timeout")]
    [InlineData("lastPong + timeout <= now")]
    [InlineData("now > pongDeadline")]
    public Task CloseAsync_when_the_pong_deadline_has_passed_is_flagged(string condition) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Watchdog
            {
                async Task CheckAsync(ClientWebSocket ws, DateTime lastPong, TimeSpan timeout, DateTime pongDeadline)
                {
                    var now = DateTime.UtcNow;
                    if ({{condition}})
                    {
                        await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "dead peer", default)|];
                    }
                }
            }
            """);

    [Fact]
    public Task CloseAsync_in_the_else_branch_of_an_unexpired_activity_deadline_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Watchdog
            {
                private readonly System.Diagnostics.Stopwatch _sinceLastMessage = new();
                private readonly TimeSpan _idleTimeout = TimeSpan.FromSeconds(30);

                async Task CheckAsync(ClientWebSocket ws)
                {
                    if (_sinceLastMessage.Elapsed < _idleTimeout)
                    {
                        return;
                    }
                    else
                    {
                        await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|];
                    }
                }
            }
            """);

    [Fact]
    public Task CloseAsync_in_an_expression_bodied_conditional_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Connection
            {
                public bool IsAlive { get; private set; }
                public ClientWebSocket Socket { get; } = new();

                public Task CloseIfDeadAsync() => !IsAlive
                    ? [|Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default)|]
                    : Task.CompletedTask;
            }
            """);

    // ---- must stay silent ----

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task An_ordinary_shutdown_is_silent(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task StopAsync(ClientWebSocket ws)
                {
                    if (ws.State == WebSocketState.Open)
                    {
                        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    }
                }
            }
            """,
            framework);

    [Fact]
    public Task Replying_to_the_peers_close_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(WebSocket ws)
                {
                    var buffer = new byte[1024];
                    while (ws.State == WebSocketState.Open)
                    {
                        var result = await ws.ReceiveAsync(buffer, default);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
                        }

                        switch (result.MessageType)
                        {
                            case WebSocketMessageType.Close:
                                await ws.CloseAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, default);
                                break;
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task Replying_to_the_peers_close_inside_a_catch_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(WebSocket ws, CancellationToken ct)
                {
                    try { await ws.ReceiveAsync(new byte[8], ct); }
                    catch (OperationCanceledException)
                    {
                        if (ws.State == WebSocketState.CloseReceived)
                        {
                            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
                        }

                        if (ws.CloseStatus.HasValue)
                        {
                            await ws.CloseAsync(ws.CloseStatus.Value, null, default);
                        }
                    }
                }
            }
            """);

    [Theory]
    [InlineData("ws.State == WebSocketState.Open")]
    [InlineData("ws.State is WebSocketState.Open")]
    [InlineData("WebSocketState.Open == ws.State && !ct.IsCancellationRequested")]
    public Task A_close_guarded_by_an_open_state_inside_a_catch_is_silent(string guard) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                async Task RunAsync(ClientWebSocket ws, CancellationToken ct)
                {
                    try
                    {
                        await ws.SendAsync(new byte[8], WebSocketMessageType.Binary, true, ct);
                        await Task.Delay(1000, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        if ({{guard}})
                        {
                            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", CancellationToken.None);
                        }
                    }
                }
            }
            """);

    [Theory]
    [InlineData("ws.State != WebSocketState.Open")]
    [InlineData("ws.State == WebSocketState.Aborted")]
    [InlineData("ws.State == WebSocketState.Open || ct.IsCancellationRequested")]
    public Task A_catch_with_a_state_check_that_does_not_establish_an_open_socket_is_flagged(string guard) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                async Task RunAsync(ClientWebSocket ws, CancellationToken ct)
                {
                    try { await ws.ReceiveAsync(new byte[8], ct); }
                    catch (OperationCanceledException)
                    {
                        if ({{guard}})
                        {
                            await [|ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", CancellationToken.None)|];
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task CloseOutputAsync_and_Abort_in_a_catch_are_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, default);
                        ws.Abort();
                    }
                }
            }
            """);

    [Theory]
    [InlineData("Exception")]
    [InlineData("InvalidOperationException")]
    [InlineData("ObjectDisposedException")]
    public Task CloseAsync_in_a_catch_of_an_unrelated_exception_is_silent(string exceptionType) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                async Task RunAsync(ClientWebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch ({{exceptionType}})
                    {
                        await ws.CloseAsync(WebSocketCloseStatus.InternalServerError, null, default);
                    }
                }
            }
            """);

    [Fact]
    public Task CloseAsync_after_a_cancellation_that_did_not_involve_the_socket_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws, CancellationToken ct)
                {
                    try
                    {
                        await Task.Delay(1000, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", default);
                    }
                    catch (TimeoutException)
                    {
                        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", default);
                    }
                }
            }
            """);

    [Fact]
    public Task CloseAsync_in_the_try_or_finally_block_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws)
                {
                    try
                    {
                        await ws.ReceiveAsync(new byte[8], default);
                        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
                    }
                    catch (WebSocketException)
                    {
                        ws.Abort();
                    }
                    finally
                    {
                        ws.Dispose();
                    }
                }
            }
            """);

    [Fact]
    public Task CloseAsync_in_a_lambda_created_in_a_catch_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                Func<Task>? _later;

                async Task RunAsync(ClientWebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException)
                    {
                        _later = () => ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
                    }
                }
            }
            """);

    [Theory]
    [InlineData("client.IsAlive")]
    [InlineData("!client.IsAlive == false")]
    [InlineData("client.IsAlive || socket.State == WebSocketState.Open")]
    [InlineData("!worker.IsAlive")]
    [InlineData("!keepAliveEnabled")]
    [InlineData("!isReady")]
    [InlineData("elapsed > timeout")]
    [InlineData("retries > maxRetries")]
    [InlineData("now - lastPong < timeout")]
    [InlineData("now - lastPing > pingTimeout")]
    [InlineData("lastPongTimeout > otherTimeout")]
    public Task CloseAsync_under_a_condition_that_is_not_a_failed_heartbeat_is_silent(string condition) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class PeerInfo { public bool IsAlive { get; set; } }

            class Server
            {
                async Task CheckAsync(PeerInfo client, WebSocket socket, Thread worker, bool keepAliveEnabled, bool isReady,
                    TimeSpan elapsed, TimeSpan timeout, int retries, int maxRetries, DateTime now, DateTime lastPong,
                    DateTime lastPing, TimeSpan pingTimeout, TimeSpan lastPongTimeout, TimeSpan otherTimeout)
                {
                    if ({{condition}})
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }
                }
            }
            """);

    [Fact]
    public Task A_look_alike_type_with_a_CloseAsync_method_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            namespace MyCompany.Net
            {
                class WebSocket
                {
                    public Task CloseAsync(WebSocketCloseStatus status, string? description, CancellationToken ct) => Task.CompletedTask;
                    public Task<int> ReceiveAsync(byte[] buffer, CancellationToken ct) => Task.FromResult(0);
                }

                class Client
                {
                    async Task RunAsync(WebSocket ws, bool isAlive)
                    {
                        try { await ws.ReceiveAsync(new byte[8], default); }
                        catch (WebSocketException) { await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default); }

                        if (!isAlive) { await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default); }
                    }
                }
            }
            """);
}
