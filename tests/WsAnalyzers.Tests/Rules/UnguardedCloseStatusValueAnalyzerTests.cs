using System.Threading.Tasks;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.UnguardedCloseStatusValueAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

public class UnguardedCloseStatusValueAnalyzerTests
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
    public Task CloseStatus_Value_after_a_receive_loop_is_flagged(TargetFramework framework) =>
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
                    finally
                    {
                        Console.WriteLine($"closed with {{|#0:ws.CloseStatus.Value|}}");
                    }
                }
            }
            """,
            framework,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(
                "'CloseStatus.Value' throws InvalidOperationException after an abnormal closure (1006), when the socket is Aborted and CloseStatus is null; check HasValue or use '??' first"));

    [Fact]
    public Task CloseStatus_Value_on_fields_properties_lambdas_and_expression_bodies_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Connection
            {
                private readonly ClientWebSocket _socket = new();
                public WebSocket Socket { get; } = new ClientWebSocket();

                public WebSocketCloseStatus Status => [|_socket.CloseStatus.Value|];

                public Func<int> Code => () => (int)[|Socket.CloseStatus.Value|];

                public string Describe()
                {
                    if (Socket.State != WebSocketState.Open)
                    {
                        return [|Socket.CloseStatus.Value|].ToString();
                    }

                    return Local();

                    string Local() => [|this.Socket.CloseStatus.Value|].ToString();
                }
            }
            """);

    [Fact]
    public async Task CloseStatus_Value_in_top_level_statements_is_flagged()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                using var ws = new ClientWebSocket();
                await ws.ConnectAsync(new Uri("ws://127.0.0.1:5000"), default);
                await ws.ReceiveAsync(new byte[8], default);
                Console.WriteLine([|ws.CloseStatus.Value|]);
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public Task CloseStatus_Value_with_the_null_forgiving_operator_is_flagged_and_nullable_flow_state_guards_it() =>
        Verify.VerifyAnalyzerAsync("#nullable enable\n" + Usings + """
            class Client
            {
                string Describe(WebSocket ws)
                {
                    var status = [|ws.CloseStatus!.Value|];
                    WebSocketCloseStatus? copy = ws.CloseStatus;
                    if (copy is null || ws.CloseStatus is null) return status.ToString();
                    return ws.CloseStatus.Value.ToString();
                }
            }
            """);

    // ---- must stay silent ----

    [Theory]
    [InlineData("if (ws.CloseStatus.HasValue) Use(ws.CloseStatus.Value);")]
    [InlineData("if (ws.CloseStatus != null) { Use(ws.CloseStatus.Value); }")]
    [InlineData("if (ws.CloseStatus is not null) Use(ws.CloseStatus.Value);")]
    [InlineData("if (ws.CloseStatus is { } status) Use(ws.CloseStatus.Value);")]
    [InlineData("Use(ws.CloseStatus.HasValue ? ws.CloseStatus.Value : WebSocketCloseStatus.Empty);")]
    [InlineData("var ok = ws.CloseStatus.HasValue && ws.CloseStatus.Value == WebSocketCloseStatus.NormalClosure;")]
    [InlineData("var bad = !ws.CloseStatus.HasValue || ws.CloseStatus.Value != WebSocketCloseStatus.NormalClosure;")]
    [InlineData("if (!ws.CloseStatus.HasValue) return; Use(ws.CloseStatus.Value);")]
    [InlineData("if (ws.CloseStatus == null) { throw new InvalidOperationException(); } Use(ws.CloseStatus.Value);")]
    [InlineData("if (ws.State == WebSocketState.Closed || ws.State == WebSocketState.CloseReceived) Use(ws.CloseStatus.Value);")]
    [InlineData("if (ws.State is WebSocketState.Closed) Use(ws.CloseStatus.Value);")]
    [InlineData("if (ws.State == WebSocketState.Aborted) return; Use(ws.CloseStatus.Value);")]
    [InlineData("if (ws.State != WebSocketState.Aborted) Use(ws.CloseStatus.Value);")]
    [InlineData("if (result.MessageType == WebSocketMessageType.Close) Use(ws.CloseStatus.Value);")]
    [InlineData("switch (result.MessageType) { case WebSocketMessageType.Close: Use(ws.CloseStatus.Value); break; }")]
    [InlineData("var known = ws.CloseStatus.HasValue; if (known) Use(ws.CloseStatus.Value);")]
    [InlineData("try { Use(ws.CloseStatus.Value); } catch (InvalidOperationException) { }")]
    [InlineData("Use(ws.CloseStatus.GetValueOrDefault()); Use(ws.CloseStatus ?? WebSocketCloseStatus.Empty);")]
    [InlineData("Use(result.CloseStatus.Value);")]
    [InlineData("if (ws.CloseStatus == WebSocketCloseStatus.NormalClosure) Use(ws.CloseStatus.Value);")]
    [InlineData("if (ws.CloseStatus != WebSocketCloseStatus.NormalClosure) return; Use(ws.CloseStatus.Value);")]
    public Task A_guarded_or_safe_read_is_silent(string statements) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                void Use(WebSocketCloseStatus status) { }

                void OnReceived(WebSocket ws, WebSocketReceiveResult result)
                {
                    {{statements}}
                }
            }
            """);

    [Fact]
    public Task A_user_type_with_a_CloseStatus_of_its_own_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class DisconnectionInfo
            {
                public WebSocketCloseStatus? CloseStatus { get; set; }
            }

            class FakeSocket
            {
                public int? CloseStatus { get; set; }
            }

            class Client
            {
                void OnDisconnected(DisconnectionInfo info, FakeSocket fake)
                {
                    Console.WriteLine(info.CloseStatus.Value);
                    Console.WriteLine(fake.CloseStatus.Value);
                }
            }
            """);
}
