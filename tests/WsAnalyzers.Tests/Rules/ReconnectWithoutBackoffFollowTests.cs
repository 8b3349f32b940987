using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.Tests.Verifiers;
using static WsAnalyzers.Tests.Rules.ReconnectTestSources;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.ReconnectWithoutBackoffAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>
/// WS0002 where the evidence lives in the project's own code: connect wrappers in other files, interfaces with
/// one implementation, delays computed by helpers, option defaults and delegates, and retries that go round
/// through two methods.
/// </summary>
public class ReconnectWithoutBackoffFollowTests
{
    private const string Advice = "; wait with exponential backoff and random jitter so that clients do not reconnect in synchronized waves";

    /// <summary>A feed's transport: the one place that touches the socket, in a file of its own.</summary>
    private const string Transport = Usings + """
        interface IFeedTransport
        {
            Task ConnectFeedAsync(Uri endpoint, CancellationToken ct);
        }

        sealed class SocketFeedTransport : IFeedTransport
        {
            private ClientWebSocket? _socket;

            public async Task ConnectFeedAsync(Uri endpoint, CancellationToken ct)
            {
                _socket?.Dispose();
                _socket = new ClientWebSocket();
                await _socket.ConnectAsync(endpoint, ct);
            }
        }
        """;

    private const string RetryingFeed = Usings + """
        sealed class FeedOptions
        {
            public Func<int, TimeSpan> RetryDelay { get; set; } = {{DEFAULT}};
        }

        sealed class Feed
        {
            private readonly IFeedTransport _transport;
            private readonly FeedOptions _options = new();

            public Feed(IFeedTransport transport) => _transport = transport;

            public async Task StartAsync(Uri endpoint, CancellationToken ct)
            {
                for (var attempt = 0; attempt < 20; attempt++)
                {
                    try
                    {
                        await {|#0:_transport.ConnectFeedAsync(endpoint, ct)|};
                        return;
                    }
                    catch (WebSocketException)
                    {
                        await Task.Delay(_options.RetryDelay(attempt), ct);
                    }
                }
            }
        }
        """;

    private static Verify.Test Test(params string[] sources)
    {
        var test = new Verify.Test();
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"File{i}.cs", sources[i]));
        }

        return test;
    }

    private static DiagnosticResult Expected(string connect, string path, string delay) =>
        Verify.Diagnostic("WS0002").WithLocation(0).WithMessage($"'{connect}' is retried {path} {delay}{Advice}")
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    [Fact]
    public Task A_loop_retrying_a_wrapper_whose_option_default_grows_without_jitter_is_flagged_and_names_the_option()
    {
        var test = Test(Transport, RetryingFeed.Replace("{{DEFAULT}}", "n => TimeSpan.FromSeconds(Math.Pow(2, Math.Min(n, 6)))"));
        test.ExpectedDiagnostics.Add(Expected("ConnectFeedAsync", "in this loop", "after the delay from 'RetryDelay', which grows but has no random jitter"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task An_option_default_with_random_jitter_is_silent()
    {
        var test = Test(Transport, RetryingFeed.Replace("{{DEFAULT}}", "n => TimeSpan.FromSeconds(Math.Pow(2, Math.Min(n, 6)) + Random.Shared.NextDouble())")
            .Replace("{|#0:", string.Empty).Replace(")|};", ");"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_wrapper_interface_with_two_implementations_is_unknown_and_silent()
    {
        var second = Usings + """
            sealed class RecordedFeedTransport : IFeedTransport
            {
                public Task ConnectFeedAsync(Uri endpoint, CancellationToken ct) => Task.CompletedTask;
            }
            """;
        var test = Test(Transport, second, RetryingFeed.Replace("{{DEFAULT}}", "n => TimeSpan.FromSeconds(Math.Pow(2, Math.Min(n, 6)))")
            .Replace("{|#0:", string.Empty).Replace(")|};", ");"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_fixed_wait_around_a_wrapper_method_of_another_class_is_flagged()
    {
        var shard = Usings + """
            sealed class Shard
            {
                private readonly SocketFeedTransport _link = new();

                public async Task ConnectInnerAsync(Uri gateway)
                {
                    while (true)
                    {
                        try
                        {
                            await {|#0:_link.ConnectFeedAsync(gateway, default)|};
                            break;
                        }
                        catch (WebSocketException)
                        {
                            await Task.Delay(TimeSpan.FromSeconds(5));
                        }
                    }
                }
            }
            """;
        var test = Test(Transport, shard);
        test.ExpectedDiagnostics.Add(Expected("ConnectFeedAsync", "in this loop", "after a fixed delay"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_loop_that_opens_each_endpoint_of_a_list_through_a_wrapper_is_silent()
    {
        var fanOut = Usings + """
            sealed class Mirror
            {
                private readonly SocketFeedTransport _link = new();

                public async Task OpenAllAsync(Uri[] endpoints)
                {
                    for (var i = 0; i < endpoints.Length; i++)
                    {
                        await _link.ConnectFeedAsync(endpoints[i], default);
                    }
                }
            }
            """;
        return Test(Transport, fanOut).RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("TimeSpan.FromMilliseconds(500 * attempt)", "after the delay from 'GetRetryDelay', which grows but has no random jitter")]
    [InlineData("TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt)))", "after the delay from 'GetRetryDelay', which grows but has no random jitter")]
    [InlineData("TimeSpan.FromSeconds(3)", "after the delay from 'GetRetryDelay', which is fixed")]
    public Task A_delay_computed_by_a_helper_method_is_classified_by_what_the_helper_returns(string formula, string delay) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                static TimeSpan GetRetryDelay(int attempt) => {{formula}};

                async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken ct)
                {
                    var attempt = 0;
                    while (true)
                    {
                        var ws = new ClientWebSocket();
                        try
                        {
                            await {|#0:ws.ConnectAsync(uri, ct)|};
                            return ws;
                        }
                        catch (WebSocketException)
                        {
                            ws.Dispose();
                            await Task.Delay(GetRetryDelay(++attempt), ct);
                        }
                    }
                }
            }
            """,
            TargetFramework.Net90,
            Expected("ConnectAsync", "in this loop", delay));

    [Fact]
    public Task A_helper_that_adds_random_jitter_to_a_growing_delay_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                static TimeSpan GetRetryDelay(int attempt) =>
                    TimeSpan.FromMilliseconds(Math.Min(30_000, 500 * Math.Pow(2, attempt)) + Random.Shared.Next(0, 1000));

                async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken ct)
                {
                    var attempt = 0;
                    while (true)
                    {
                        var ws = new ClientWebSocket();
                        try
                        {
                            await ws.ConnectAsync(uri, ct);
                            return ws;
                        }
                        catch (WebSocketException)
                        {
                            ws.Dispose();
                            await Task.Delay(GetRetryDelay(++attempt), ct);
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task A_policy_class_in_another_file_that_steps_its_interval_without_jitter_is_flagged()
    {
        var policy = Usings + """
            sealed class StepPolicy
            {
                private readonly int _stepMs = 2_000;
                private int _currentMs = 2_000;

                public int CurrentInterval() => _currentMs;

                public void Advance()
                {
                    if (_currentMs < 30_000)
                    {
                        _currentMs += _stepMs;
                    }
                }
            }
            """;
        var client = Usings + """
            sealed class Client
            {
                private readonly StepPolicy _policy = new();

                public async Task<ClientWebSocket> OpenAsync(Uri uri)
                {
                    while (true)
                    {
                        var ws = new ClientWebSocket();
                        try
                        {
                            await {|#0:ws.ConnectAsync(uri, default)|};
                            return ws;
                        }
                        catch (WebSocketException)
                        {
                            ws.Dispose();
                            await Task.Delay(_policy.CurrentInterval());
                            _policy.Advance();
                        }
                    }
                }
            }
            """;
        var test = Test(policy, client);
        test.ExpectedDiagnostics.Add(Expected("ConnectAsync", "in this loop", "after the delay from 'CurrentInterval', which grows but has no random jitter"));
        return test.RunAsync(CancellationToken.None);
    }

    private const string Cycle = Usings + """
        sealed class Link
        {
            private readonly Uri _uri;
            private ClientWebSocket _socket = new();
            private int _waitMs;

            public Link(Uri uri) => _uri = uri;

            public async Task OpenAsync()
            {
                try
                {
                    _socket = new ClientWebSocket();
                    await _socket.ConnectAsync(_uri, CancellationToken.None);
                    _waitMs = 0;
                }
                catch (WebSocketException)
                {
                    await RetryLaterAsync();
                }
            }

            private async Task RetryLaterAsync()
            {
                _waitMs += {{STEP}};
                await Task.Delay(_waitMs);
                await {|#0:OpenAsync()|};
            }
        }
        """;

    [Fact]
    public Task A_retry_that_goes_round_through_two_methods_with_a_growing_delay_without_jitter_is_flagged() =>
        Verify.VerifyAnalyzerAsync(
            Cycle.Replace("{{STEP}}", "1_000"),
            TargetFramework.Net90,
            Expected("OpenAsync", "by 'RetryLaterAsync', which 'OpenAsync' calls again", "after a delay that grows but has no random jitter"));

    [Fact]
    public Task A_retry_through_two_methods_with_a_jittered_growing_delay_is_silent() =>
        Verify.VerifyAnalyzerAsync(Cycle.Replace("{{STEP}}", "1_000 + Random.Shared.Next(0, 500)").Replace("{|#0:", string.Empty).Replace("()|};", "();"));

    [Fact]
    public Task A_loop_that_awaits_its_own_pacing_method_does_not_claim_there_is_no_delay() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private readonly SemaphoreSlim _gate = new(1);

                async Task PaceAsync() => await _gate.WaitAsync();

                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        using var ws = new ClientWebSocket();
                        try
                        {
                            await {|#0:ws.ConnectAsync(uri, ct)|};
                        }
                        catch (WebSocketException)
                        {
                            await PaceAsync();
                        }
                    }
                }
            }
            """,
            TargetFramework.Net90,
            Expected("ConnectAsync", "in this loop", "with no delay the analyzer can see (if your own method paces the attempts, list it in 'ws_analyzers.backoff_methods')"));

    [Fact]
    public Task A_pacing_method_listed_in_backoff_methods_is_silent()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                namespace Acme
                {
                    class Client
                    {
                        private readonly SemaphoreSlim _gate = new(1);

                        async Task PaceAsync() => await _gate.WaitAsync();

                        async Task RunAsync(Uri uri, CancellationToken ct)
                        {
                            while (!ct.IsCancellationRequested)
                            {
                                using var ws = new ClientWebSocket();
                                try
                                {
                                    await ws.ConnectAsync(uri, ct);
                                }
                                catch (WebSocketException)
                                {
                                    await PaceAsync();
                                }
                            }
                        }
                    }
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\nws_analyzers.backoff_methods = Acme.Client.PaceAsync\n"));
        return test.RunAsync(CancellationToken.None);
    }
}
