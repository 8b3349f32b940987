using System.Threading;
using System.Threading.Tasks;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using Swallowed = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.SwallowedAbnormalClosureAnalyzer>;
using Unobserved = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.UnobservedReceiveLoopAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>
/// WS0004 in receive loops as real code writes them: a catch that handles a few error codes and drops the rest, and
/// an async void loop whose failure nobody can observe.
/// </summary>
public class ReceiveLoopClosureTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string PartlySwallowedMessage =
        "This catch of 'WebSocketException' handles only some error codes of 'ReceiveAsync' and drops the others without a trace, " +
        "so the loop ends as if the peer had closed normally; rethrow, log or report the codes it does not handle";

    private static string UnobservedMessage(string method) =>
        $"'{method}' is async void and lets the abnormal closure of its 'ReceiveAsync' loop (WebSocketException, " +
        "ConnectionClosedPrematurely) escape: no caller can observe it, so nobody learns the connection dropped; " +
        "return a Task the owner awaits, or catch the failure and report it";

    private static string ServerLoop(string handler) => Usings + $$"""
        class Connections
        {
            async Task ReceiveAsync(WebSocket socket, Func<WebSocket, Task> onDisconnected)
            {
                var buffer = new byte[4096];
                while (socket.State == WebSocketState.Open)
                {
                    try
                    {
                        await socket.ReceiveAsync(buffer, CancellationToken.None);
                    }
                    {|#0:catch (WebSocketException error)|}
                    {
                        {{handler}}
                    }
                }

                await onDisconnected(socket);
            }
        }
        """;

    // ---- a catch that handles some error codes ----

    [Theory]
    [InlineData(TargetFramework.Net80, "if (error.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely) { socket.Abort(); }")]
    [InlineData(TargetFramework.Net90, "if (error.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely) socket.Abort(); break;")]
    [InlineData(TargetFramework.Net90, "if (error.ErrorCode == 0x2746) { socket.Abort(); }")]
    public Task A_catch_that_handles_some_error_codes_and_drops_the_rest_is_flagged(TargetFramework framework, string handler) =>
        Swallowed.VerifyAnalyzerAsync(
            ServerLoop(handler),
            framework,
            Swallowed.Diagnostic("WS0004").WithLocation(0).WithArguments(PartlySwallowedMessage));

    [Theory]
    [InlineData("if (error.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely) { socket.Abort(); } else { throw; }")]
    [InlineData("if (error.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely) { socket.Abort(); } Console.Error.WriteLine(error);")]
    [InlineData("if (socket.State == WebSocketState.Aborted) { socket.Dispose(); }")]
    [InlineData("Console.Error.WriteLine(error.WebSocketErrorCode);")]
    public Task A_catch_that_handles_or_reports_every_code_is_silent(string handler) =>
        Swallowed.VerifyAnalyzerAsync(ServerLoop(handler).Replace("{|#0:", string.Empty).Replace(")|}", ")"));

    [Fact]
    public Task The_codes_a_catch_does_not_handle_are_rethrown_by_the_fix()
    {
        var test = new CSharpCodeFixVerifier<SwallowedAbnormalClosureAnalyzer, AbnormalClosureCodeFixProvider>.Test
        {
            TestCode = ServerLoop("if (error.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)\n                {\n                    socket.Abort();\n                }")
                .Replace("{|#0:", "[|").Replace(")|}", ")|]"),
            FixedCode = ServerLoop("if (error.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)\n                {\n                    socket.Abort();\n                }\n                else\n                {\n                    throw;\n                }")
                .Replace("{|#0:", string.Empty).Replace(")|}", ")"),
            CodeActionEquivalenceKey = AbnormalClosureCodeFixProvider.EquivalenceKey,
        };
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task No_fix_is_offered_when_the_catch_tests_codes_in_several_branches()
    {
        var source = ServerLoop(
            "if (error.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely) { socket.Abort(); } " +
            "if (error.WebSocketErrorCode == WebSocketError.InvalidState) { socket.Dispose(); }");
        var test = new CSharpCodeFixVerifier<SwallowedAbnormalClosureAnalyzer, AbnormalClosureCodeFixProvider>.Test
        {
            TestCode = source,
            FixedCode = source,
        };
        test.ExpectedDiagnostics.Add(Swallowed.Diagnostic("WS0004").WithLocation(0).WithArguments(PartlySwallowedMessage));
        return test.RunAsync(CancellationToken.None);
    }

    // ---- an async void receive loop ----

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task An_async_void_receive_loop_without_a_catch_is_flagged(TargetFramework framework) =>
        Unobserved.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                private ClientWebSocket _socket = new();
                private bool _connected = true;

                private async void LoopReceive()
                {
                    var buffer = new byte[1024];
                    while (_connected)
                    {
                        if (_socket.State != WebSocketState.Open)
                            break;

                        var result = await {|#0:_socket.ReceiveAsync(buffer, CancellationToken.None)|};
                    }
                }
            }
            """,
            framework,
            Unobserved.Diagnostic("WS0004").WithLocation(0).WithArguments(UnobservedMessage("LoopReceive")));

    [Fact]
    public Task An_async_void_local_function_loop_is_flagged() =>
        Unobserved.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                void Start(WebSocket socket)
                {
                    Pump();

                    async void Pump()
                    {
                        while (true)
                        {
                            await {|#0:socket.ReceiveAsync(new byte[64], default)|};
                        }
                    }
                }
            }
            """,
            TargetFramework.Net90,
            Unobserved.Diagnostic("WS0004").WithLocation(0).WithArguments(UnobservedMessage("Pump")));

    [Theory]
    [InlineData("private async Task LoopReceive()", "while (true) { await _socket.ReceiveAsync(buffer, default); }")]
    [InlineData("private async void LoopReceive()", "try { while (true) { await _socket.ReceiveAsync(buffer, default); } } catch (WebSocketException e) { Console.Error.WriteLine(e); }")]
    [InlineData("private async void LoopReceive()", "while (true) { try { await _socket.ReceiveAsync(buffer, default); } catch (Exception e) { Console.Error.WriteLine(e); break; } }")]
    [InlineData("private async void LoopReceive()", "await _socket.ReceiveAsync(buffer, default);")]
    [InlineData("private async void LoopReceive()", "Func<Task> pump = async () => { while (true) await _socket.ReceiveAsync(buffer, default); }; await pump();")]
    public Task Observed_or_single_receives_are_silent(string signature, string body) =>
        Unobserved.VerifyAnalyzerAsync(Usings + $$"""
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                {{signature}}
                {
                    var buffer = new byte[1024];
                    {{body}}
                }
            }
            """);
}
