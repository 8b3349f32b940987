using System.Threading.Tasks;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.AbortUnresponsiveWebSocketAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>
/// WS0003 and the cure its page gives without WsResilience: a close whose token has a deadline, inside a
/// try whose catch aborts the socket. It cannot hang and cannot throw, so the rule stays silent on it.
/// </summary>
public class AbortUnresponsiveWebSocketBoundedCloseTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static string InCatch(string close) => Usings + $$"""
        class Client
        {
            async Task RunAsync(WebSocket socket, WebSocket other, CancellationToken ct)
            {
                try
                {
                    await socket.ReceiveAsync(new byte[8], ct);
                }
                catch (WebSocketException)
                {
                    {{close}}
                }
            }
        }
        """;

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task A_bounded_close_in_a_catch_of_WebSocketException_is_silent(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(InCatch("""
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                socket.Abort();
            }
            """), framework);

    [Theory]
    [InlineData("var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct); deadline.CancelAfter(5000);", "catch (OperationCanceledException) { socket.Abort(); }")]
    [InlineData("CancellationTokenSource deadline; deadline = new CancellationTokenSource(5000);", "catch { socket.Abort(); }")]
    [InlineData("var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));", "catch (WebSocketException) { } catch (OperationCanceledException) { socket.Abort(); }")]
    public Task Other_shapes_of_a_bounded_close_are_silent(string deadline, string catches) =>
        Verify.VerifyAnalyzerAsync(InCatch($$"""
            {{deadline}}
            try { await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token); }
            {{catches}}
            """));

    [Fact]
    public Task A_bounded_close_with_the_deadline_created_in_place_in_a_heartbeat_branch_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task CheckAsync(ClientWebSocket ws, DateTime lastPong, TimeSpan pongTimeout)
                {
                    if (DateTime.UtcNow - lastPong > pongTimeout)
                    {
                        try { await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "no pong", new CancellationTokenSource(5000).Token); }
                        catch (OperationCanceledException) { ws.Abort(); }
                    }
                }
            }
            """);

    [Theory]
    // A deadline but nothing catches what the close throws on a broken connection.
    [InlineData("using var deadline = new CancellationTokenSource(5000);", "await {|#0:socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token)|};")]
    // The catch aborts, but the token has no deadline: the close can hang.
    [InlineData("using var deadline = new CancellationTokenSource();", "try { await {|#0:socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token)|}; } catch (OperationCanceledException) { socket.Abort(); }")]
    [InlineData("", "try { await {|#0:socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)|}; } catch (OperationCanceledException) { socket.Abort(); }")]
    // The catch aborts another socket.
    [InlineData("using var deadline = new CancellationTokenSource(5000);", "try { await {|#0:socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token)|}; } catch (OperationCanceledException) { other.Abort(); }")]
    // The catch does not see the cancellation the deadline raises.
    [InlineData("using var deadline = new CancellationTokenSource(5000);", "try { await {|#0:socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token)|}; } catch (WebSocketException) { socket.Abort(); }")]
    public Task A_close_that_is_not_fully_bounded_is_still_flagged(string deadline, string close) =>
        Verify.VerifyAnalyzerAsync(
            InCatch(deadline + "\n" + close),
            TargetFramework.Net90,
            Verify.Diagnostic("WS0003").WithLocation(0).WithArguments("CloseAsync", "the connection has already failed in this catch of 'WebSocketException'"));
}
