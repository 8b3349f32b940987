using System.Threading;
using System.Threading.Tasks;
using WsAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.UnobservedReceiveLoopAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>
/// WS0004, state-ended shape: a receive loop that stops once the socket is no longer Open, lets a drop reach that exit
/// through its catch, and then tells its listener "closed" the way a normal close would (an event, a log line, a
/// constant result). A drop leaves State Aborted and CloseStatus null: only code that reports those can tell the two apart.
/// </summary>
public class StateEndedReceiveLoopTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static string Message(string loop, string report) =>
        $"The receive loop of '{loop}' ends when the socket is no longer Open and then {report}, as if the peer had closed " +
        "normally: after a drop (1006) the state is Aborted and CloseStatus is null, so whoever hears it cannot tell; " +
        "report CloseStatus and State (or WebSocketClosure.From(socket)) with the end";

    /// <summary>A scoreboard feed: reads until the state leaves Open, a read failure only noted; <c>{{CATCH}}</c> and <c>{{AFTER}}</c> vary.</summary>
    private const string Scoreboard = Usings + """
        sealed class Scoreboard
        {
            private readonly ClientWebSocket _socket = new();
            private int _misses;
            private bool _dropped;
            private Exception? _failure;

            public event EventHandler? Closed;

            public async Task ListenAsync(CancellationToken ct)
            {
                var frame = new byte[1024];
                while ({|#0:_socket.State == WebSocketState.Open|})
                {
                    try
                    {
                        var result = await _socket.ReceiveAsync(frame, ct);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
                        }
                    }
                    catch (WebSocketException{{EXCEPTION}})
                    {
                        {{CATCH}}
                    }
                }

                {{AFTER}}
            }
        }
        """;

    private static string Board(string after, string catchBody = "_misses++;", string exception = "") =>
        Scoreboard.Replace("{{AFTER}}", after).Replace("{{CATCH}}", catchBody).Replace("{{EXCEPTION}}", exception);

    private static string Unmarked(string source) => source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty);

    [Theory]
    [InlineData("Closed?.Invoke(this, EventArgs.Empty);", "raises 'Closed'")]
    [InlineData("Console.WriteLine(\"Scoreboard disconnected\");", "logs \"Scoreboard disconnected\"")]
    public Task A_state_ended_loop_that_reports_a_normal_close_after_its_catch_noted_the_drop_is_flagged(string after, string report) =>
        Verify.VerifyAnalyzerAsync(
            Board(after),
            TargetFramework.Net90,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(Message("ListenAsync", report)));

    [Theory]
    [InlineData("Closed?.Invoke(this, EventArgs.Empty); Console.WriteLine(_socket.CloseStatus);")]
    [InlineData("Console.WriteLine($\"Scoreboard disconnected ({_socket.CloseStatusDescription})\");")]
    [InlineData("if (_socket.State == WebSocketState.Aborted) { _misses = -1; } Closed?.Invoke(this, EventArgs.Empty);")]
    [InlineData("throw new InvalidOperationException(\"scoreboard feed ended\");")]
    [InlineData("Closed?.Invoke(this, EventArgs.Empty); OnReadError();")]
    public Task A_state_ended_loop_whose_exit_looks_at_how_the_connection_ended_is_silent(string after) =>
        Verify.VerifyAnalyzerAsync(Unmarked(Board(after)).Replace("    public event EventHandler? Closed;", "    public event EventHandler? Closed;\n    private void OnReadError() { }"));

    [Theory]
    [InlineData("_dropped = true;", "", "if (!_dropped) { Closed?.Invoke(this, EventArgs.Empty); }")]
    [InlineData("_failure = error;", " error", "Closed?.Invoke(this, EventArgs.Empty);")]
    [InlineData("throw;", "", "Closed?.Invoke(this, EventArgs.Empty);")]
    [InlineData("return;", "", "Closed?.Invoke(this, EventArgs.Empty);")]
    public Task A_catch_that_keeps_rethrows_or_leaves_with_the_drop_is_silent(string catchBody, string exception, string after) =>
        Verify.VerifyAnalyzerAsync(Unmarked(Board(after, catchBody, exception)));

    [Fact]
    public Task A_loop_that_reports_a_close_code_it_took_from_the_close_frame_and_otherwise_calls_abnormal_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            sealed class Radio
            {
                public event Action<int>? Closed;

                public async Task TuneAsync(WebSocket socket)
                {
                    var code = 1006;
                    var frame = new byte[256];
                    try
                    {
                        while (socket.State == WebSocketState.Open)
                        {
                            var result = await socket.ReceiveAsync(frame, CancellationToken.None);
                            if (result.MessageType == WebSocketMessageType.Close)
                            {
                                code = (int)(result.CloseStatus ?? WebSocketCloseStatus.Empty);
                                break;
                            }
                        }
                    }
                    catch (Exception)
                    {
                        Console.WriteLine("radio read stopped");
                    }
                    finally
                    {
                        Closed?.Invoke(code);
                    }
                }
            }
            """);

    [Fact]
    public Task A_state_ended_loop_around_a_loop_that_reads_a_messages_frames_is_flagged_at_the_outer_loop() =>
        Verify.VerifyAnalyzerAsync(
            Usings + """
            sealed class Pager
            {
                private int _pages;

                public async Task ReadPagesAsync(WebSocket socket)
                {
                    var frame = new byte[128];
                    while ({|#0:socket.State == WebSocketState.Open|})
                    {
                        try
                        {
                            WebSocketReceiveResult part;
                            do
                            {
                                part = await socket.ReceiveAsync(frame, CancellationToken.None);
                            }
                            while (!part.EndOfMessage);

                            _pages++;
                        }
                        catch (WebSocketException)
                        {
                            Console.WriteLine("page read stopped");
                        }
                    }

                    OnPagerDisconnected();
                }

                private void OnPagerDisconnected() => Console.WriteLine($"pager done after {_pages} pages");
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(Message("ReadPagesAsync", "calls 'OnPagerDisconnected'")));

    /// <summary>A ticker that raises 'Disconnected' once <c>{{LOOP}}</c> (its read or beat loop over <c>socket</c>) ends.</summary>
    private const string Ticker = Usings + """
        sealed class Ticker
        {
            public event Action? Disconnected;

            public async Task PumpAsync(WebSocket socket, CancellationToken ct)
            {
                var frame = new byte[256];
                {{LOOP}}

                Disconnected?.Invoke();
            }
        }
        """;

    [Theory]
    [InlineData( // no catch: a drop propagates, only a close frame reaches the exit
        "while (socket.State == WebSocketState.Open) { await socket.ReceiveAsync(frame, ct); }")]
    [InlineData( // a send loop, not a receive loop
        "while (socket.State == WebSocketState.Open) { try { await socket.SendAsync(frame, WebSocketMessageType.Binary, true, ct); } catch (WebSocketException) { Console.WriteLine(\"beat not sent\"); } await Task.Delay(1000, ct); }")]
    [InlineData( // ends on cancellation, not on the state
        "while (!ct.IsCancellationRequested) { try { await socket.ReceiveAsync(frame, ct); } catch (WebSocketException) { Console.WriteLine(\"read failed\"); break; } }")]
    public Task Look_alikes_of_a_state_ended_receive_loop_with_a_caught_drop_are_silent(string loop) =>
        Verify.VerifyAnalyzerAsync(Ticker.Replace("{{LOOP}}", loop));

    [Fact]
    public Task A_break_on_a_state_check_inside_the_loop_then_a_constant_result_is_flagged_once_for_two_receives() =>
        Verify.VerifyAnalyzerAsync(
            Usings + """
            sealed class Mailbox
            {
                public async Task<WebSocketCloseStatus> DrainAsync(WebSocket socket)
                {
                    var header = new byte[4];
                    var body = new byte[4096];
                    while (true)
                    {
                        if ({|#0:socket.State != WebSocketState.Open|})
                        {
                            break;
                        }

                        try
                        {
                            await socket.ReceiveAsync(header, CancellationToken.None);
                            await socket.ReceiveAsync(body, CancellationToken.None);
                        }
                        catch (WebSocketException)
                        {
                            continue;
                        }
                    }

                    return WebSocketCloseStatus.NormalClosure;
                }
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(Message("DrainAsync", "returns 'WebSocketCloseStatus.NormalClosure'")));

    [Fact]
    public Task A_catch_around_the_whole_loop_that_completes_the_session_without_a_status_is_flagged() =>
        Verify.VerifyAnalyzerAsync(
            Usings + """
            sealed class Session
            {
                private readonly TaskCompletionSource<bool> _ended = new();

                public Task Ended => _ended.Task;

                public async Task RunAsync(WebSocket socket)
                {
                    var frame = new byte[512];
                    try
                    {
                        do
                        {
                            await socket.ReceiveAsync(frame, CancellationToken.None);
                        }
                        while ({|#0:socket.State == WebSocketState.Open|});
                    }
                    catch (Exception)
                    {
                        Console.WriteLine("session read stopped");
                    }

                    _ended.TrySetResult(true);
                }
            }
            """,
            TargetFramework.Net80,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(Message("RunAsync", "completes '_ended' with no status")));

    /// <summary>A chat room's listener contract and the hub that tells it about members; <c>{{LEFT}}</c> is the hub's way of saying a member left.</summary>
    private const string Listener = Usings + """
        interface IRoomListener
        {
            Task OnMemberDisconnectedAsync(string member);
        }
        """;

    private const string Hub = Usings + """
        sealed partial class Hub
        {
            private readonly IRoomListener _listener;

            public Hub(IRoomListener listener) => _listener = listener;

            public async Task ServeAsync(string member, WebSocket socket)
            {
                var frame = new byte[2048];
                while ({|#0:socket.State == WebSocketState.Open|})
                {
                    try
                    {
                        await socket.ReceiveAsync(frame, CancellationToken.None);
                    }
                    catch (WebSocketException)
                    {
                        Console.WriteLine("member read stopped");
                    }
                }

                {{LEFT}}
            }
        }
        """;

    [Fact]
    public Task A_hub_that_tells_a_listener_in_another_file_that_a_member_disconnected_is_flagged()
    {
        var test = Verify.FromFiles(Listener, Hub.Replace("{{LEFT}}", "await _listener.OnMemberDisconnectedAsync(member);"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(Message("ServeAsync", "calls 'OnMemberDisconnectedAsync'")));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_hub_whose_own_leave_method_in_another_file_reads_the_close_status_is_silent()
    {
        var leave = Usings + """
            sealed partial class Hub
            {
                private async Task LeaveAsync(string member, WebSocket socket)
                {
                    var how = socket.CloseStatus is null ? "dropped" : "closed";
                    await _listener.OnMemberDisconnectedAsync(member + " " + how);
                }
            }
            """;
        var test = Verify.FromFiles(Listener, Unmarked(Hub.Replace("{{LEFT}}", "await LeaveAsync(member, socket);")), leave);
        return test.RunAsync(CancellationToken.None);
    }
}
