using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.Tests.Verifiers;
using AbortVerify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.AbortUnresponsiveWebSocketAnalyzer>;
using DeadPeerVerify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.MissingDeadPeerDetectionAnalyzer>;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// The rules skip files and types that never spell the WebSocket names they need. These are the shapes
/// where the name is spelled elsewhere, which the gate must not lose.
/// </summary>
public class SourceMentionsGateTests
{
    [Fact]
    public async Task A_socket_reached_through_a_wrapper_declared_in_another_file_is_still_analyzed()
    {
        var test = new AbortVerify.Test();
        test.TestState.Sources.Add(("Connection.cs", """
            public sealed class Connection
            {
                public System.Net.WebSockets.ClientWebSocket? Socket { get; set; }
            }
            """));
        test.TestState.Sources.Add(("Client.cs", """
            using System.Threading.Tasks;

            class Client
            {
                async Task CheckAsync(Connection connection, bool isAlive)
                {
                    if (!isAlive)
                    {
                        await (connection.Socket?{|WS0003:.CloseAsync(default, null, default)|} ?? Task.CompletedTask);
                    }
                }
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_global_using_alias_for_ClientWebSocket_does_not_hide_the_socket()
    {
        var test = new DeadPeerVerify.Test();
        test.TestState.Sources.Add(("Aliases.cs", "global using Socket = System.Net.WebSockets.ClientWebSocket;"));
        test.TestState.Sources.Add(("Client.cs", """
            class Client
            {
                private readonly Socket _socket = {|WS0001:new()|};
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Members_marked_GeneratedCode_stay_silent()
    {
        var test = new AbortVerify.Test
        {
            TestCode = """
                using System.Net.WebSockets;
                using System.Threading.Tasks;

                class Client
                {
                    [System.CodeDom.Compiler.GeneratedCode("tool", "1.0")]
                    async Task CheckAsync(ClientWebSocket ws, bool isAlive)
                    {
                        if (!isAlive)
                        {
                            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
                        }
                    }
                }
                """,
        };
        await test.RunAsync();
    }
}
