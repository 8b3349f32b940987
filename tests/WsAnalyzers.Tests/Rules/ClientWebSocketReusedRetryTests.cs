using System.Threading.Tasks;
using WsAnalyzers.Tests.Verifiers;
using static WsAnalyzers.Tests.Rules.ReconnectTestSources;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.ClientWebSocketReusedAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>WS0005 on retries that go round through two methods: a socket field replaced only after some failures.</summary>
public class ClientWebSocketReusedRetryTests
{
    private const string Connect = "_socket.ConnectAsync(_uri, CancellationToken.None)";
    private const string JitteredStep = "1_000 + Random.Shared.Next(0, 500)";

    [Fact]
    public Task A_socket_field_replaced_only_in_a_catch_of_one_failure_is_flagged_on_the_retry_through_two_methods() =>
        Verify.VerifyAnalyzerAsync(
            RetryThroughTwoMethodsWith(string.Empty, "{|#0:" + Connect + "|}", JitteredStep, "OpenAsync()"),
            TargetFramework.Net90,
            Verify.Diagnostic("WS0005").WithLocation(0).WithArguments(
                "_socket", "when 'RetryLaterAsync' runs 'OpenAsync' again (it is replaced only in a catch of some failures)"));

    [Fact]
    public Task A_socket_field_replaced_before_every_attempt_is_silent() =>
        Verify.VerifyAnalyzerAsync(
            RetryThroughTwoMethodsWith("ReplaceSocket();", Connect, JitteredStep, "OpenAsync()"));

    [Fact]
    public Task A_socket_field_replaced_by_a_method_handed_on_as_a_callback_is_silent() =>
        Verify.VerifyAnalyzerAsync(
            RetryThroughTwoMethodsWith("Action renew = ReplaceSocket;", Connect, JitteredStep, "OpenAsync()"));
}
