using System.Threading.Tasks;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.SwallowedAbnormalClosureAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

public class SwallowedAbnormalClosureAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- flagged ----

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task An_empty_catch_of_WebSocketException_around_a_receive_loop_is_flagged(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(ClientWebSocket ws, CancellationToken ct)
                {
                    var buffer = new byte[1024];
                    try
                    {
                        while (ws.State == WebSocketState.Open)
                        {
                            await ws.ReceiveAsync(buffer, ct);
                        }
                    }
                    {|#0:catch (WebSocketException)|}
                    {
                    }
                }
            }
            """,
            framework,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(
                "This catch of 'WebSocketException' swallows the abnormal closure (1006) of 'ReceiveAsync': the WebSocketException " +
                "with ConnectionClosedPrematurely is dropped without a trace; filter it with 'when', handle it or rethrow it"));

    [Theory]
    [InlineData("catch (Exception)", "This catch of 'Exception'")]
    [InlineData("catch (Exception ex)", "This catch of 'Exception'")]
    [InlineData("catch (SystemException)", "This catch of 'SystemException'")]
    [InlineData("catch (System.Runtime.InteropServices.ExternalException)", "This catch of 'ExternalException'")]
    [InlineData("catch (System.ComponentModel.Win32Exception)", "This catch of 'Win32Exception'")]
    [InlineData("catch", "This bare catch")]
    public Task A_catch_of_a_base_of_WebSocketException_is_flagged(string catchClause, string caught) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                async Task RunAsync(WebSocket ws)
                {
                    try { await ws.ReceiveAsync(new ArraySegment<byte>(new byte[8]), default); }
                    {|#0:{{catchClause}}|} { }
                }
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(
                caught + " swallows the abnormal closure (1006) of 'ReceiveAsync': the WebSocketException " +
                "with ConnectionClosedPrematurely is dropped without a trace; filter it with 'when', handle it or rethrow it"));

    [Theory]
    [InlineData("break;")]
    [InlineData("continue;")]
    [InlineData("return;")]
    [InlineData("connected = false; break;")]
    [InlineData("{ connected = other; ; }")]
    public Task A_handler_that_only_leaves_or_sets_locals_is_flagged(string handler) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                async Task RunAsync(WebSocket ws, bool other)
                {
                    var connected = true;
                    var buffer = new byte[1024];
                    while (connected)
                    {
                        try
                        {
                            await ws.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                        }
                        [|catch (WebSocketException)|]
                        {
                            {{handler}}
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task Swallowing_in_lambdas_local_functions_and_on_fields_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();
                public WebSocket Socket { get; } = new ClientWebSocket();

                Func<Task> MakePump() => async () =>
                {
                    try { await _socket.ReceiveAsync(new byte[8], default); }
                    [|catch (WebSocketException)|] { }
                };

                Task RunAsync()
                {
                    return Pump();

                    async Task Pump()
                    {
                        try { await Socket.ReceiveAsync(new byte[8], default); }
                        [|catch|] { return; }
                    }
                }
            }
            """);

    [Fact]
    public async Task Swallowing_in_top_level_statements_is_flagged()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                using var ws = new ClientWebSocket();
                await ws.ConnectAsync(new Uri("ws://127.0.0.1:5000"), default);
                try
                {
                    await ws.ReceiveAsync(new byte[8], default);
                }
                [|catch (WebSocketException)|]
                {
                }
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    // ---- must stay silent ----

    [Theory]
    [InlineData("Console.WriteLine(ex.Message);")]
    [InlineData("System.Diagnostics.Debug.WriteLine(ex);")]
    [InlineData("System.Diagnostics.Trace.TraceWarning(\"dropped\");")]
    [InlineData("throw;")]
    [InlineData("throw new InvalidOperationException(\"lost\", ex);")]
    [InlineData("ws.Abort();")]
    [InlineData("Disconnected?.Invoke(this, EventArgs.Empty);")]
    [InlineData("_lastError = ex; break;")]
    [InlineData("error = ex; break;")]
    [InlineData("_connected = false; break;")]
    [InlineData("retries++; continue;")]
    [InlineData("goto done;")]
    public Task A_handler_that_does_something_is_silent(string handler) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                public event EventHandler? Disconnected;
                private Exception? _lastError;
                private bool _connected = true;

                async Task RunAsync(WebSocket ws)
                {
                    Exception? error = null;
                    var retries = 0;
                    while (true)
                    {
                        try { await ws.ReceiveAsync(new byte[8], default); }
                        catch (WebSocketException ex)
                        {
                            {{handler}}
                        }
                    }
                    done:
                    Console.WriteLine($"{error}{retries}{_connected}{_lastError}");
                }
            }
            """);

    [Fact]
    public async Task A_handler_that_logs_through_ILogger_is_silent()
    {
        var test = new Verify.Test
        {
            ReferenceAssemblies = TestReferences.Net90WithAspNetCore,
            TestCode = Usings + """
                using Microsoft.Extensions.Logging;

                class Client(ILogger<Client> logger)
                {
                    async Task RunAsync(WebSocket ws)
                    {
                        try { await ws.ReceiveAsync(new byte[8], default); }
                        catch (WebSocketException ex) { logger.LogWarning(ex, "Connection dropped"); }
                    }
                }
                """,
        };
        await test.RunAsync();
    }

    [Theory]
    [InlineData("catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely) { }")]
    [InlineData("catch (Exception) when (ct.IsCancellationRequested) { }")]
    [InlineData("catch (OperationCanceledException) { }")]
    [InlineData("catch (InvalidOperationException) { }")]
    [InlineData("catch (WebSocketException ex) { Console.WriteLine(ex); } catch (Exception) { }")]
    [InlineData("catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.Faulted) { Console.WriteLine(ex); } catch { }")]
    [InlineData("catch (WebSocketException) { return null; }")]
    public Task Classified_unrelated_or_earlier_handled_catches_are_silent(string catches) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                async Task<string?> ReadAsync(WebSocket ws, CancellationToken ct)
                {
                    try { await ws.ReceiveAsync(new byte[8], ct); }
                    {{catches}}
                    return "";
                }
            }
            """);

    [Fact]
    public Task A_receive_loop_without_try_catch_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(WebSocket ws, CancellationToken ct)
                {
                    var buffer = new byte[1024];
                    while (ws.State == WebSocketState.Open)
                    {
                        var result = await ws.ReceiveAsync(buffer, ct);
                        if (result.MessageType == WebSocketMessageType.Close) break;
                    }
                }
            }
            """);

    [Fact]
    public Task A_try_without_a_receive_of_its_own_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                Func<Task>? _later;

                async Task RunAsync(WebSocket ws)
                {
                    try { await ws.SendAsync(new byte[1], WebSocketMessageType.Text, true, default); }
                    catch (WebSocketException) { }

                    try { _later = async () => await ws.ReceiveAsync(new byte[8], default); }
                    catch (Exception) { }

                    try
                    {
                        try { await ws.ReceiveAsync(new byte[8], default); }
                        catch (WebSocketException ex) { Console.WriteLine(ex); }
                    }
                    catch { }
                }
            }
            """);

    [Fact]
    public Task A_reconnect_loop_that_drops_the_failure_and_connects_again_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        using var ws = new ClientWebSocket();
                        try
                        {
                            await ws.ConnectAsync(uri, ct);
                            while (true) await ws.ReceiveAsync(new byte[1024], ct);
                        }
                        catch (WebSocketException)
                        {
                        }

                        await Task.Delay(1000, ct);
                    }
                }
            }
            """);

    [Fact]
    public Task A_look_alike_WebSocket_type_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            namespace MyCompany.Net
            {
                class WebSocket
                {
                    public Task<int> ReceiveAsync(byte[] buffer, CancellationToken ct) => Task.FromResult(0);
                }

                class Client
                {
                    async Task RunAsync(WebSocket ws)
                    {
                        try { await ws.ReceiveAsync(new byte[8], default); }
                        catch (System.Net.WebSockets.WebSocketException) { }
                    }
                }
            }
            """);
}
