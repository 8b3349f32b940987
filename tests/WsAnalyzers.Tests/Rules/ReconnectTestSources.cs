namespace WsAnalyzers.Tests.Rules;

/// <summary>Sources the WS0002 and WS0005 tests share.</summary>
internal static class ReconnectTestSources
{
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
