using System.Threading.Tasks;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.UnboundedCloseAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>WS0006 and a <c>KeepAliveTimeout</c> set in the object initializer that creates the socket.</summary>
public class UnboundedCloseInitializerTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Theory]
    [InlineData("private readonly ClientWebSocket _socket = new() { Options = { KeepAliveTimeout = TimeSpan.FromSeconds(10) } };", "")]
    [InlineData("private readonly ClientWebSocket _socket;", "_socket = new ClientWebSocket { Options = { KeepAliveInterval = TimeSpan.FromSeconds(15), KeepAliveTimeout = TimeSpan.FromSeconds(10) } };")]
    public Task KeepAliveTimeout_in_the_initializer_of_the_same_socket_bounds_the_close_on_net9(string field, string constructorBody) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Feed
            {
                {{field}}

                public Feed()
                {
                    {{constructorBody}}
                }

                public Task StopAsync() => _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            """);

    [Fact]
    public Task KeepAliveTimeout_in_the_initializer_of_a_local_socket_bounds_its_close_on_net9() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                public async Task RunAsync(Uri uri)
                {
                    using var socket = new ClientWebSocket { Options = { KeepAliveTimeout = TimeSpan.FromSeconds(10) } };
                    await socket.ConnectAsync(uri, CancellationToken.None);
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }
            }
            """);

    [Fact]
    public Task KeepAliveTimeout_in_the_initializer_of_another_socket_does_not_bound_this_one() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Pair
            {
                private readonly ClientWebSocket _primary = new() { Options = { KeepAliveTimeout = TimeSpan.FromSeconds(10) } };
                private readonly ClientWebSocket _secondary = new();

                public Task StopAsync() => [|_secondary.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)|];
            }
            """);

    [Fact]
    public Task KeepAliveTimeout_turned_off_in_the_initializer_does_not_bound_the_close() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                private readonly ClientWebSocket _socket = new() { Options = { KeepAliveTimeout = Timeout.InfiniteTimeSpan } };

                public Task StopAsync() => [|_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)|];
            }
            """);
}
