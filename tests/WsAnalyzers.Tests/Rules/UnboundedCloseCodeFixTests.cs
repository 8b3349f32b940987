using System.Threading.Tasks;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    WsAnalyzers.Rules.UnboundedCloseAnalyzer,
    WsAnalyzers.CodeFixes.UnboundedCloseCodeFixProvider>;

namespace WsAnalyzers.Tests.Rules;

public class UnboundedCloseCodeFixTests
{
    private const string Bounded = UnboundedCloseCodeFixProvider.BoundedCloseEquivalenceKey;
    private const string CloseOrAbort = UnboundedCloseCodeFixProvider.CloseOrAbortEquivalenceKey;

    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>The bounded close the BCL fix writes around <paramref name="close"/> on <paramref name="socket"/>, at 8 spaces.</summary>
    private static string BoundedBlock(string close, string socket = "_socket", string indent = "        ") => $$"""
        using (var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                {{close}};
            }
            catch (OperationCanceledException)
            {
                {{socket}}.Abort();
            }
            catch (WebSocketException) when ({{socket}}.State == WebSocketState.Aborted)
            {
                {{socket}}.Abort();
            }
        }
        """.Replace("\n", "\n" + indent);

    [Theory]
    [InlineData(TargetFramework.Net80, "CancellationToken.None")]
    [InlineData(TargetFramework.Net90, "CancellationToken.None")]
    [InlineData(TargetFramework.Net90, "default")]
    [InlineData(TargetFramework.Net90, "default(CancellationToken)")]
    [InlineData(TargetFramework.Net90, "new CancellationToken()")]
    [InlineData(TargetFramework.Net90, "new CancellationToken(false)")]
    public Task Bounded_close_wraps_an_awaited_statement(TargetFramework framework, string token) =>
        Verify.VerifyCodeFixAsync(Usings + $$"""
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync()
                {
                    Console.WriteLine("stopping");
                    // The server should answer at once.
                    await [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", {{token}})|];
                    Console.WriteLine("stopped");
                }
            }
            """, Usings + $$"""
            class Feed
            {
                private readonly ClientWebSocket _socket = new();

                public async Task StopAsync()
                {
                    Console.WriteLine("stopping");
                    // The server should answer at once.
                    {{BoundedBlock("await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, \"stopping\", closeTimeout.Token)")}}
                    Console.WriteLine("stopped");
                }
            }
            """, Bounded, framework);
}
