using System.Linq;
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

    /// <summary>The feed retrying a <c>FeedSession</c>'s <c>ReconnectAsync</c>, waiting a growing delay without jitter.</summary>
    private static readonly string FeedRetryingSession = RetryingFeed.Replace("{{DEFAULT}}", "n => TimeSpan.FromSeconds(Math.Pow(2, Math.Min(n, 6)))")
            .Replace("private readonly IFeedTransport _transport;", "private readonly FeedSession _session = new();")
            .Replace("public Feed(IFeedTransport transport) => _transport = transport;", string.Empty)
            .Replace("_transport.ConnectFeedAsync(endpoint, ct)", "_session.ReconnectAsync(endpoint, ct)");

    /// <summary>
    /// A session whose <c>ReconnectAsync</c> is three calls from the socket's connect: it calls <c>DialAsync</c>, which calls
    /// {{OPEN}}, the one member whose code spells <c>ConnectAsync</c>, under a name of its own.
    /// </summary>
    private const string DialingSession = Usings + """
        sealed class FeedSession
        {
            {{MEMBERS}}

            public Task ReconnectAsync(Uri endpoint, CancellationToken ct) => DialAsync(endpoint, ct);

            private Task DialAsync(Uri endpoint, CancellationToken ct) => {{OPEN}}(endpoint, ct);
        }
        """;

    /// <summary>A client that retries a fresh socket until one connects, waiting <paramref name="wait"/> after each failure.</summary>
    private static string RetryLoopWith(string members, string wait) => Usings + """
        sealed class Client
        {
            {{MEMBERS}}

            public async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken ct)
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
                        attempt++;
                        {{WAIT}};
                    }
                }
            }
        }
        """.Replace("{{MEMBERS}}", members).Replace("{{WAIT}}", wait);

    [Fact]
    public Task A_loop_retrying_a_wrapper_whose_option_default_grows_without_jitter_is_flagged_and_names_the_option()
    {
        var test = Test(Transport, RetryingFeed.Replace("{{DEFAULT}}", "n => TimeSpan.FromSeconds(Math.Pow(2, Math.Min(n, 6)))"));
        test.ExpectedDiagnostics.Add(Expected("ConnectFeedAsync", "until it connects in this loop", "after the delay from 'RetryDelay', which grows but has no random jitter"));
        return test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("ReconnectFeedAsync", true)]
    [InlineData("OpenConnectionAsync", true)]
    [InlineData("SyncConnectionsAsync", false)]
    [InlineData("EnsureConnectedAsync", false)]
    public Task A_wrapper_is_followed_when_its_name_says_it_connects_not_when_it_names_a_connection(string name, bool followed)
    {
        // The file passes the per-file filter through PrimeAsync's connect; the loop's wrapper is then judged by its name,
        // as that filter judges names: Connection and Connected name a thing or a state, Open and Start an action.
        var transport = Transport
            .Replace("Task ConnectFeedAsync(Uri endpoint, CancellationToken ct);", "Task ConnectFeedAsync(Uri endpoint, CancellationToken ct);\n    Task " + name + "(Uri endpoint, CancellationToken ct);")
            .Replace("public async Task ConnectFeedAsync(", "public Task " + name + "(Uri endpoint, CancellationToken ct) => ConnectFeedAsync(endpoint, ct);\n\n    public async Task ConnectFeedAsync(");
        var feed = RetryingFeed.Replace("{{DEFAULT}}", "n => TimeSpan.FromSeconds(Math.Pow(2, Math.Min(n, 6)))")
            .Replace("_transport.ConnectFeedAsync(endpoint, ct)", "_transport." + name + "(endpoint, ct)")
            .Replace("public Feed(IFeedTransport transport) => _transport = transport;", "public Feed(IFeedTransport transport) => _transport = transport;\n\n    public Task PrimeAsync(Uri endpoint) => _transport.ConnectFeedAsync(endpoint, CancellationToken.None);");
        return ExpectRetryDelayFindingAt(name, followed, feed, transport);
    }

    [Fact]
    public Task An_option_default_with_random_jitter_is_silent()
    {
        var test = Test(Transport, Unmarked(RetryingFeed.Replace("{{DEFAULT}}", "n => TimeSpan.FromSeconds(Math.Pow(2, Math.Min(n, 6)) + Random.Shared.NextDouble())")));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_connect_three_calls_deep_whose_last_call_is_an_interface_method_is_followed()
    {
        var session = Usings + """
            sealed class FeedSession
            {
                private readonly IFeedTransport _transport = new SocketFeedTransport();

                public Task ReconnectAsync(Uri endpoint, CancellationToken ct) => DialAsync(endpoint, ct);

                private Task DialAsync(Uri endpoint, CancellationToken ct) => _transport.ConnectFeedAsync(endpoint, ct);
            }
            """;
        var test = Test(Transport, session, FeedRetryingSession);
        test.ExpectedDiagnostics.Add(Expected("ReconnectAsync", "until it connects in this loop", "after the delay from 'RetryDelay', which grows but has no random jitter"));
        return test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("_dialer.OpenSocketAsync", "private readonly SocketDialer _dialer = new();")]
    [InlineData("_openSocket", "private readonly Func<Uri, CancellationToken, Task> _openSocket = (uri, ct) => new ClientWebSocket().ConnectAsync(uri, ct);")]
    [InlineData("_openSocket", "private readonly ClientWebSocket _socket = new(); private readonly Func<Uri, CancellationToken, Task> _openSocket; public FeedSession() { _openSocket = (uri, ct) => _socket.ConnectAsync(uri, ct); }")]
    public Task A_connect_three_calls_deep_through_a_method_or_delegate_of_another_name_is_followed(string open, string members)
    {
        var dialer = Usings + """
            sealed class SocketDialer
            {
                private readonly ClientWebSocket _socket = new();

                public Task OpenSocketAsync(Uri endpoint, CancellationToken ct) => _socket.ConnectAsync(endpoint, ct);
            }
            """;
        var session = DialingSession.Replace("{{MEMBERS}}", members).Replace("{{OPEN}}", open);
        var test = Test(dialer, session, FeedRetryingSession);
        test.ExpectedDiagnostics.Add(Expected("ReconnectAsync", "until it connects in this loop", "after the delay from 'RetryDelay', which grows but has no random jitter"));
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Seventeen pools whose methods each spell <c>ConnectAsync</c>: more names of connect spellers than are searched as text.</summary>
    private static readonly string ManyConnectSpellers = Usings + string.Concat(Enumerable.Range(1, 17).Select(i => $$"""

        sealed class Pool{{i}}
        {
            private readonly ClientWebSocket _socket = new();

            public Task Warm{{i}}Async(Uri endpoint, CancellationToken ct) => _socket.ConnectAsync(endpoint, ct);
        }
        """));

    /// <summary>A dialer whose <c>OpenSocketAsync</c> runs <c>OPEN</c>; its <c>OpenCoreAsync</c> connects the socket.</summary>
    private const string LayeredDialer = Usings + """
        sealed class SocketDialer
        {
            private readonly ClientWebSocket _socket = new();

            public Task OpenSocketAsync(Uri endpoint, CancellationToken ct) => OPEN;

            private Task OpenCoreAsync(Uri endpoint, CancellationToken ct) => _socket.ConnectAsync(endpoint, ct);
        }
        """;

    /// <summary>The session reconnecting through the layered dialer's <c>OpenSocketAsync</c>.</summary>
    private static readonly string SessionDialingThroughDialer = DialingSession
        .Replace("{{MEMBERS}}", "private readonly SocketDialer _dialer = new();")
        .Replace("{{OPEN}}", "_dialer.OpenSocketAsync");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Among_more_connect_spellers_than_are_searched_as_text_the_search_still_stops_at_three_calls(bool threeDeep)
    {
        var dialer = LayeredDialer.Replace("OPEN", threeDeep ? "_socket.ConnectAsync(endpoint, ct)" : "OpenCoreAsync(endpoint, ct)");
        var test = Test(dialer, SessionDialingThroughDialer, ManyConnectSpellers, threeDeep ? FeedRetryingSession : Unmarked(FeedRetryingSession));
        if (threeDeep)
        {
            test.ExpectedDiagnostics.Add(Expected("ReconnectAsync", "until it connects in this loop", "after the delay from 'RetryDelay', which grows but has no random jitter"));
        }

        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// On the search's last level only the calls that spell <c>ConnectAsync</c> are looked at: each way of writing the
    /// socket's connect there is still found, and the name in a comment or a string beside it changes nothing.
    /// </summary>
    [Theory]
    [InlineData("_socket.ConnectAsync(endpoint, ct)")]
    [InlineData("_socket!.ConnectAsync(endpoint, ct)")]
    [InlineData("_socket?.ConnectAsync(endpoint, ct) ?? Task.CompletedTask")]
    [InlineData("Invoke(_socket.ConnectAsync, endpoint, ct)")]
    [InlineData("/* not ConnectAsync yet */ Invoke((u, c) => \"ConnectAsync\" == null ? Task.CompletedTask : _socket.ConnectAsync(u, c), endpoint, ct)")]
    public Task Every_spelling_of_the_socket_connect_on_the_last_level_is_found(string open)
    {
        var dialer = LayeredDialer.Replace("OPEN", open).Replace(
            "    private Task OpenCoreAsync",
            "    private static Task Invoke(Func<Uri, CancellationToken, Task> connect, Uri endpoint, CancellationToken ct) => connect(endpoint, ct);\n\n    private Task OpenCoreAsync");
        var test = Test(dialer, SessionDialingThroughDialer, FeedRetryingSession);
        test.ExpectedDiagnostics.Add(Expected("ReconnectAsync", "until it connects in this loop", "after the delay from 'RetryDelay', which grows but has no random jitter"));
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// The session's <c>ReconnectAsync</c> calls an interface method whose one implementation reaches the connect through
    /// a helper: the interface call sits in the middle of the three, where only a method whose code names a connecting
    /// member is followed, and the implementation's code names its helper, not the interface's method.
    /// </summary>
    [Theory]
    [InlineData("OpenCoreAsync(endpoint, ct)", true)]
    [InlineData("Task.CompletedTask", false)]
    public Task An_interface_call_in_the_middle_of_three_is_followed_to_its_one_implementation(string open, bool connects)
    {
        var dialer = Usings + $$"""
            interface ISocketDialer
            {
                Task OpenSocketAsync(Uri endpoint, CancellationToken ct);
            }

            sealed class SocketDialer : ISocketDialer
            {
                private readonly ClientWebSocket _socket = new();

                public Task OpenSocketAsync(Uri endpoint, CancellationToken ct) => {{open}};

                private Task OpenCoreAsync(Uri endpoint, CancellationToken ct) => _socket.ConnectAsync(endpoint, ct);
            }
            """;
        var session = Usings + """
            sealed class FeedSession
            {
                private readonly ISocketDialer _dialer = new SocketDialer();

                public Task ReconnectAsync(Uri endpoint, CancellationToken ct) => _dialer.OpenSocketAsync(endpoint, ct);
            }
            """;
        return ExpectRetryDelayFinding(connects, dialer, session);
    }

    /// <summary>
    /// Wrappers that are all called <c>ConnectAsync</c>: each spells the name in its signature, and only the code after it
    /// says whether it calls the next. The one that ends at a transport's own <c>ConnectAsync</c> is not a WebSocket connect.
    /// </summary>
    [Theory]
    [InlineData("_socket.ConnectAsync(endpoint, ct)", true)]
    [InlineData("_transport.ConnectAsync(endpoint, ct)", false)]
    public Task Wrappers_named_ConnectAsync_are_followed_by_what_their_code_calls(string innermost, bool connects)
    {
        var dialer = Usings + $$"""
            sealed class RecordedTransport
            {
                public Task ConnectAsync(Uri endpoint, CancellationToken ct) => Task.CompletedTask;
            }

            sealed class SocketDialer
            {
                private readonly ClientWebSocket _socket = new();
                private readonly RecordedTransport _transport = new();

                public Task ConnectAsync(Uri endpoint, CancellationToken ct) => ConnectCoreAsync(endpoint, ct);

                private Task ConnectCoreAsync(Uri endpoint, CancellationToken ct) => {{innermost}};
            }
            """;
        var session = Usings + """
            sealed class FeedSession
            {
                private readonly SocketDialer _dialer = new();

                public Task ReconnectAsync(Uri endpoint, CancellationToken ct) => _dialer.ConnectAsync(endpoint, ct);
            }
            """;
        return ExpectRetryDelayFinding(connects, dialer, session);
    }

    /// <summary>The feed retrying the session's <c>ReconnectAsync</c> with a growing delay: flagged when the session connects a WebSocket.</summary>
    private static Task ExpectRetryDelayFinding(bool connects, params string[] sources) =>
        ExpectRetryDelayFindingAt("ReconnectAsync", connects, FeedRetryingSession, sources);

    /// <summary>A loop in <paramref name="retrying"/> that waits the feed option's growing delay around <paramref name="call"/>: flagged when the call connects.</summary>
    private static Task ExpectRetryDelayFindingAt(string call, bool connects, string retrying, params string[] sources)
    {
        var test = Test([.. sources, connects ? retrying : Unmarked(retrying)]);
        if (connects)
        {
            test.ExpectedDiagnostics.Add(Expected(call, "until it connects in this loop", "after the delay from 'RetryDelay', which grows but has no random jitter"));
        }

        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_connect_four_calls_deep_is_beyond_the_search_and_silent() =>
        Test(LayeredDialer.Replace("OPEN", "OpenCoreAsync(endpoint, ct)"), SessionDialingThroughDialer, Unmarked(FeedRetryingSession)).RunAsync(CancellationToken.None);

    [Fact]
    public Task A_retried_interface_method_none_of_whose_implementations_opens_a_websocket_is_silent()
    {
        var recorded = Usings + """
            interface IFeedTransport
            {
                Task ConnectFeedAsync(Uri endpoint, CancellationToken ct);
            }

            sealed class RecordedFeedTransport : IFeedTransport
            {
                public Task ConnectFeedAsync(Uri endpoint, CancellationToken ct) => Task.CompletedTask;
            }

            sealed class ReplayFeedTransport : IFeedTransport
            {
                public Task ConnectFeedAsync(Uri endpoint, CancellationToken ct) => Task.Delay(10, ct);
            }

            sealed class NoSocket
            {
                public ClientWebSocket? Unused { get; set; }
            }
            """;
        var test = Test(recorded, Unmarked(RetryingFeed.Replace("{{DEFAULT}}", "n => TimeSpan.FromSeconds(Math.Pow(2, Math.Min(n, 6)))")));
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
        test.ExpectedDiagnostics.Add(Expected("ConnectFeedAsync", "until it connects in this loop", "after a fixed delay"));
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
        Verify.VerifyAnalyzerAsync(
            RetryLoopWith($"static TimeSpan GetRetryDelay(int attempt) => {formula};", "await Task.Delay(GetRetryDelay(attempt), ct)"),
            TargetFramework.Net90,
            Expected("ConnectAsync", "until it connects in this loop", delay));

    [Fact]
    public Task A_helper_that_adds_random_jitter_to_a_growing_delay_is_silent() =>
        Verify.VerifyAnalyzerAsync(Unmarked(RetryLoopWith(
            "static TimeSpan GetRetryDelay(int attempt) => TimeSpan.FromMilliseconds(Math.Min(30_000, 500 * Math.Pow(2, attempt)) + Random.Shared.Next(0, 1000));",
            "await Task.Delay(GetRetryDelay(attempt), ct)")));

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
        var client = RetryLoopWith("private readonly StepPolicy _policy = new();", "await Task.Delay(_policy.CurrentInterval()); _policy.Advance()");
        var test = Test(policy, client);
        test.ExpectedDiagnostics.Add(Expected("ConnectAsync", "until it connects in this loop", "after the delay from 'CurrentInterval', which grows but has no random jitter"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_retry_that_goes_round_through_two_methods_with_a_growing_delay_without_jitter_is_flagged() =>
        Verify.VerifyAnalyzerAsync(
            RetryThroughTwoMethodsWith("ReplaceSocket();", "_socket.ConnectAsync(_uri, CancellationToken.None)", "1_000", "{|#0:OpenAsync()|}"),
            TargetFramework.Net90,
            Expected("OpenAsync", "until it connects by 'RetryLaterAsync', which 'OpenAsync' calls again", "after a delay that grows but has no random jitter"));

    [Fact]
    public Task A_retry_through_two_methods_with_a_jittered_growing_delay_is_silent() =>
        Verify.VerifyAnalyzerAsync(RetryThroughTwoMethodsWith(
            "ReplaceSocket();", "_socket.ConnectAsync(_uri, CancellationToken.None)", "1_000 + Random.Shared.Next(0, 500)", "OpenAsync()"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task A_loop_that_awaits_its_own_pacing_method_does_not_claim_there_is_no_delay_and_is_silent_once_the_method_is_listed(bool listed)
    {
        var source = Usings + """
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
                                    await {|#0:ws.ConnectAsync(uri, ct)|};
                                }
                                catch (WebSocketException)
                                {
                                    await PaceAsync();
                                }
                            }
                        }
                    }
                }
                """;
        var test = new Verify.Test { TestCode = listed ? Unmarked(source) : source };
        if (listed)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\nws_analyzers.backoff_methods = Acme.Client.PaceAsync\n"));
        }
        else
        {
            test.ExpectedDiagnostics.Add(Expected(
                "ConnectAsync", "in this loop", "with no delay the analyzer can see (if your own method paces the attempts, list it in 'ws_analyzers.backoff_methods')"));
        }

        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_loop_around_a_connect_method_of_its_own_type_that_waits_a_fixed_time_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            sealed class Feed
            {
                private ClientWebSocket? _socket;

                private async Task ConnectSocketAsync(Uri uri)
                {
                    _socket?.Dispose();
                    _socket = new ClientWebSocket();
                    await OpenSocketAsync(_socket, uri);
                }

                private static Task OpenSocketAsync(ClientWebSocket socket, Uri uri) => socket.ConnectAsync(uri, CancellationToken.None);

                public async Task StartAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try
                        {
                            await {|#0:ConnectSocketAsync(uri)|};
                            return;
                        }
                        catch (WebSocketException)
                        {
                            await Task.Delay(2_000, ct);
                        }
                    }
                }
            }
            """,
            TargetFramework.Net90,
            Expected("ConnectSocketAsync", "until it connects in this loop", "after a fixed delay"));

    [Fact]
    public Task A_connect_the_compilation_implements_two_ways_is_still_a_reconnect_when_one_way_is_a_websocket()
    {
        var channels = Usings + """
            abstract class Channel
            {
                protected abstract Task ConnectChannelAsync();

                private readonly RetrySchedule _schedule = new(1_500);

                protected bool IsOpen { get; set; }

                public async Task OpenAsync()
                {
                    _schedule.Reset();
                    while (!IsOpen && !_schedule.Exhausted())
                    {
                        await Task.Delay(_schedule.Next());
                        await {|#0:ConnectChannelAsync()|};
                        _schedule.Advance();
                    }
                }
            }

            sealed class SocketChannel : Channel
            {
                private ClientWebSocket _socket = new();

                protected override async Task ConnectChannelAsync()
                {
                    _socket = new ClientWebSocket();
                    await _socket.ConnectAsync(new Uri("wss://feed.example/"), CancellationToken.None);
                    IsOpen = true;
                }
            }

            sealed class LoopbackChannel : Channel
            {
                protected override Task ConnectChannelAsync()
                {
                    IsOpen = true;
                    return Task.CompletedTask;
                }
            }
            """;
        var schedule = Usings + """
            sealed class RetrySchedule
            {
                private readonly int _stepMs;
                private int _nextMs;
                private int _attempts;

                public RetrySchedule(int stepMs)
                {
                    _stepMs = stepMs;
                    _nextMs = stepMs;
                }

                public bool Exhausted() => _attempts >= 10;

                public int Next() => _nextMs;

                public void Advance()
                {
                    _attempts++;
                    _nextMs = Math.Min(_nextMs + _stepMs, 20_000);
                }

                public void Reset()
                {
                    _attempts = 0;
                    _nextMs = _stepMs;
                }
            }
            """;
        var test = Test(channels, schedule);
        test.ExpectedDiagnostics.Add(Expected("ConnectChannelAsync", "in this loop", "after the delay from 'Next', which grows but has no random jitter"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_retry_strategy_behind_an_interface_with_one_implementation_is_followed_and_logging_about_the_wait_is_not_a_wait()
    {
        var strategy = Usings + """
            interface IRetryStrategy
            {
                ValueTask<TimeSpan?> NextDelayAsync(DateTimeOffset since, int attempt);
            }

            sealed class DoublingRetryStrategy : IRetryStrategy
            {
                private readonly DoublingOptions _options = new();

                public ValueTask<TimeSpan?> NextDelayAsync(DateTimeOffset since, int attempt)
                {
                    var seconds = Math.Min(_options.First.TotalSeconds * Math.Pow(2, attempt - 1), _options.Cap.TotalSeconds);
                    return new ValueTask<TimeSpan?>(TimeSpan.FromSeconds(seconds));
                }
            }

            sealed class DoublingOptions
            {
                public TimeSpan First { get; set; } = TimeSpan.FromSeconds(2);

                public TimeSpan Cap { get; set; } = TimeSpan.FromMinutes(1);
            }

            sealed class RetryLogger
            {
                public int Lines { get; private set; }

                public void WaitingBeforeRetry(double seconds) => Lines++;
            }
            """;
        var socket = Usings + """
            sealed class NodeSocket
            {
                private readonly IRetryStrategy _strategy;
                private readonly RetryLogger _log = new();

                public NodeSocket(IRetryStrategy strategy) => _strategy = strategy;

                public async Task<ClientWebSocket> ConnectWithRetryAsync(Uri uri, CancellationToken ct)
                {
                    var attempt = 0;
                    var since = default(DateTimeOffset?);
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
                            since ??= DateTimeOffset.UtcNow;
                            var delay = await _strategy.NextDelayAsync(since.Value, ++attempt);
                            if (delay is null)
                            {
                                throw;
                            }

                            _log.WaitingBeforeRetry(delay.Value.TotalSeconds);
                            await Task.Delay(delay.Value, ct);
                        }
                    }
                }
            }
            """;
        var test = Test(strategy, socket);
        test.ExpectedDiagnostics.Add(Expected("ConnectAsync", "until it connects in this loop", "after the delay from 'NextDelayAsync', which grows but has no random jitter"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_retry_strategy_interface_with_two_implementations_is_unknown_and_silent()
    {
        var strategy = Usings + """
            interface IRetryStrategy
            {
                TimeSpan NextDelay(int attempt);
            }

            sealed class DoublingRetryStrategy : IRetryStrategy
            {
                public TimeSpan NextDelay(int attempt) => TimeSpan.FromSeconds(Math.Pow(2, attempt));
            }

            sealed class JitteredRetryStrategy : IRetryStrategy
            {
                public TimeSpan NextDelay(int attempt) => TimeSpan.FromSeconds(Random.Shared.NextDouble() * Math.Pow(2, attempt));
            }

            sealed class NodeSocket
            {
                private readonly IRetryStrategy _strategy;

                public NodeSocket(IRetryStrategy strategy) => _strategy = strategy;

                public async Task<ClientWebSocket> ConnectWithRetryAsync(Uri uri, CancellationToken ct)
                {
                    for (var attempt = 1; ; attempt++)
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
                            await Task.Delay(_strategy.NextDelay(attempt), ct);
                        }
                    }
                }
            }
            """;
        return Test(strategy).RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_helper_that_only_shortens_the_wait_after_a_recent_reconnect_and_otherwise_doubles_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private int _failures;
                private DateTime _lastConnected;
                private readonly TimeSpan _fixedInterval;
                private readonly bool _useFixedInterval;

                public Client(TimeSpan fixedInterval, bool useFixedInterval)
                {
                    _fixedInterval = fixedInterval;
                    _useFixedInterval = useFixedInterval;
                }

                private TimeSpan NextWait()
                {
                    if (_failures == 0)
                    {
                        var since = DateTime.UtcNow - _lastConnected;
                        return since < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) - since : TimeSpan.Zero;
                    }

                    return _useFixedInterval ? _fixedInterval : TimeSpan.FromSeconds(Math.Pow(2, Math.Min(5, _failures)));
                }

                async Task<ClientWebSocket> ReconnectAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        var ws = new ClientWebSocket();
                        try
                        {
                            await {|#0:ws.ConnectAsync(uri, ct)|};
                            _failures = 0;
                            _lastConnected = DateTime.UtcNow;
                            return ws;
                        }
                        catch (WebSocketException)
                        {
                            ws.Dispose();
                            _failures++;
                            await Task.Delay(NextWait(), ct);
                        }
                    }

                    throw new OperationCanceledException(ct);
                }
            }
            """,
            TargetFramework.Net90,
            Expected("ConnectAsync", "until it connects in this loop", "after the delay from 'NextWait', which grows but has no random jitter"));

    [Fact]
    public Task A_project_built_without_its_implicit_usings_still_shows_its_fixed_wait()
    {
        // Task, TimeSpan and CancellationToken come from implicit usings that a half-restored build lacks.
        var test = new Verify.Test
        {
            TestCode = """
                using System.Net.WebSockets;

                sealed class Gate
                {
                    private readonly ClientWebSocket _socket = new();

                    public async Task ConnectGateAsync(System.Uri uri) => await _socket.ConnectAsync(uri, default);
                }

                sealed class Shard
                {
                    private Gate _gate = new();

                    public async Task RunAsync(System.Uri uri)
                    {
                        while (true)
                        {
                            try
                            {
                                _gate = new Gate();
                                await {|#0:_gate.ConnectGateAsync(uri)|};
                                break;
                            }
                            catch (WebSocketException)
                            {
                                await Task.Delay(TimeSpan.FromSeconds(5));
                            }
                        }
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Add(Expected("ConnectGateAsync", "until it connects in this loop", "after a fixed delay"));
        return test.RunAsync(CancellationToken.None);
    }

    private const string TimerRetry = Usings + """
        sealed class Ticker : IDisposable
        {
            private readonly Func<Uri, CancellationToken, Task<ClientWebSocket>> _open;
            private Timer? _retryTimer;
            private readonly Uri _uri;

            public Ticker(Uri uri, Func<Uri, CancellationToken, Task<ClientWebSocket>>? open = null)
            {
                _uri = uri;
                _open = open ?? (async (target, ct) =>
                {
                    var socket = new ClientWebSocket();
                    await socket.ConnectAsync(target, ct);
                    return socket;
                });
            }

            public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);

            public async Task StartAsync()
            {
                try
                {
                    using var socket = await _open(_uri, CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    _retryTimer?.Dispose();
                    _retryTimer = {|#0:new Timer(OnRetry, null, {{DUE}}, Timeout.InfiniteTimeSpan)|};
                }
            }

            private void OnRetry(object? state) => _ = StartAsync();

            public void Dispose() => _retryTimer?.Dispose();
        }
        """;

    [Fact]
    public Task A_timer_that_runs_the_failed_connect_again_after_a_fixed_due_time_is_flagged() =>
        Verify.VerifyAnalyzerAsync(
            TimerRetry.Replace("{{DUE}}", "RetryAfter"),
            TargetFramework.Net90,
            Expected("StartAsync", "by the timer it starts", "after a fixed delay"));

    [Fact]
    public Task A_timer_whose_method_connects_through_a_helper_of_its_type_named_otherwise_is_flagged() =>
        // The helper's name says nothing about connecting: it is searched because the type itself declares it.
        Verify.VerifyAnalyzerAsync(
            TimerRetry.Replace("{{DUE}}", "RetryAfter")
                .Replace("using var socket = await _open(_uri, CancellationToken.None);", "using var socket = await DialAsync();")
                .Replace("private void OnRetry(object? state)", "private Task<ClientWebSocket> DialAsync() => _open(_uri, CancellationToken.None);\n\n    private void OnRetry(object? state)"),
            TargetFramework.Net90,
            Expected("StartAsync", "by the timer it starts", "after a fixed delay"));

    [Fact]
    public async Task A_timer_named_through_a_global_alias_of_another_file_is_still_followed()
    {
        // The type's own file never spells the timer's name: only the alias, in another file, does.
        var test = Verify.FromFiles(
            "global using Alarm = System.Threading.Timer;",
            TimerRetry.Replace("{{DUE}}", "RetryAfter").Replace("Timer", "Alarm"));
        test.ExpectedDiagnostics.Add(Expected("StartAsync", "by the timer it starts", "after a fixed delay"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("RetryAfter + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 5_000) * (1 + _failures++))")]
    [InlineData("Timeout.InfiniteTimeSpan")]
    public Task A_timer_with_a_jittered_growing_or_infinite_due_time_is_silent(string due) =>
        Verify.VerifyAnalyzerAsync(Unmarked(TimerRetry.Replace("{{DUE}}", due).Replace("private Timer? _retryTimer;", "private Timer? _retryTimer;\n    private int _failures;")));

    [Fact]
    public Task A_timer_whose_callback_only_reports_is_silent() =>
        Verify.VerifyAnalyzerAsync(Unmarked(TimerRetry.Replace("{{DUE}}", "RetryAfter").Replace("private void OnRetry(object? state) => _ = StartAsync();", "private void OnRetry(object? state) => Console.WriteLine(\"still down\");")));
}
