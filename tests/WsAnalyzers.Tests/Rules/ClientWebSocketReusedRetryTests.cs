using System.Threading.Tasks;
using WsAnalyzers.Tests.Verifiers;
using static WsAnalyzers.Tests.Rules.ReconnectTestSources;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.ClientWebSocketReusedAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>WS0005 on retries that go round through two methods: a socket field replaced only after some failures.</summary>
public class ClientWebSocketReusedRetryTests
{
    /// <summary>A link whose retry waits in one method and connects in another; <c>{{RENEW}}</c> is where a new socket may be stored.</summary>
    private const string Link = Usings + """
        sealed class Link
        {
            private readonly Uri _uri;
            private ClientWebSocket _socket = new();
            private int _waitMs;

            public Link(Uri uri) => _uri = uri;

            public async Task OpenAsync()
            {
                {{RENEW}}
                try
                {
                    await {{CONNECT}};
                    _waitMs = 0;
                }
                catch (ObjectDisposedException)
                {
                    ReplaceSocket();
                    await RetryLaterAsync();
                }
                catch (WebSocketException)
                {
                    await RetryLaterAsync();
                }
            }

            private void ReplaceSocket() => _socket = new ClientWebSocket();

            private async Task RetryLaterAsync()
            {
                _waitMs += 1_000 + Random.Shared.Next(0, 500);
                await Task.Delay(_waitMs);
                await OpenAsync();
            }
        }
        """;

    [Fact]
    public Task A_socket_field_replaced_only_in_a_catch_of_one_failure_is_flagged_on_the_retry_through_two_methods() =>
        Verify.VerifyAnalyzerAsync(
            Link.Replace("{{RENEW}}", string.Empty).Replace("{{CONNECT}}", "{|#0:_socket.ConnectAsync(_uri, CancellationToken.None)|}"),
            TargetFramework.Net90,
            Verify.Diagnostic("WS0005").WithLocation(0).WithArguments(
                "_socket", "when 'RetryLaterAsync' runs 'OpenAsync' again (it is replaced only in a catch of some failures)"));

    [Fact]
    public Task A_socket_field_replaced_before_every_attempt_is_silent() =>
        Verify.VerifyAnalyzerAsync(
            Link.Replace("{{RENEW}}", "ReplaceSocket();").Replace("{{CONNECT}}", "_socket.ConnectAsync(_uri, CancellationToken.None)"));

    [Fact]
    public Task A_socket_field_replaced_by_a_method_handed_on_as_a_callback_is_silent() =>
        Verify.VerifyAnalyzerAsync(
            Link.Replace("{{RENEW}}", "Action renew = ReplaceSocket;").Replace("{{CONNECT}}", "_socket.ConnectAsync(_uri, CancellationToken.None)"));
}
