using Microsoft.CodeAnalysis.Testing;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.ReconnectWithoutBackoffAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>Sources and expectations the WS0002 and WS0005 tests share.</summary>
internal static class ReconnectTestSources
{
    private const string Advice = "; wait with exponential backoff and random jitter so that clients do not reconnect in synchronized waves";

    public static string Unmarked(string source) => source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty);

    /// <summary>A WS0002 test of several files, in the order given.</summary>
    public static Verify.Test Test(params string[] sources) => Verify.FromFiles(sources);

    /// <summary>The WS0002 diagnostic at markup location <paramref name="location"/>, with its whole message: the retried call, the path, the delay.</summary>
    public static DiagnosticResult Expected(string connect, string path, string delay, int location = 0) =>
        Verify.Diagnostic("WS0002").WithLocation(location).WithMessage($"'{connect}' is retried {path} {delay}{Advice}")
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    public const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>
    /// A link whose retry goes round through two methods: <c>OpenAsync</c> connects, <c>RetryLaterAsync</c> waits
    /// <c>{{STEP}}</c> more each time and calls <c>{{RETRY}}</c>; <c>{{RENEW}}</c> runs before each attempt and
    /// <c>{{CONNECT}}</c> is the socket's connect. The socket is replaced in one catch only.
    /// </summary>
    public const string RetryThroughTwoMethods = Usings + """
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
                _waitMs += {{STEP}};
                await Task.Delay(_waitMs);
                await {{RETRY}};
            }
        }
        """;

    public static string RetryThroughTwoMethodsWith(string renew, string connect, string step, string retry) =>
        RetryThroughTwoMethods.Replace("{{RENEW}}", renew).Replace("{{CONNECT}}", connect).Replace("{{STEP}}", step).Replace("{{RETRY}}", retry);
}
