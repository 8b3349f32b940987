using System.Threading.Tasks;
using WsAnalyzers.Tests.Verifiers;
using Xunit;
using static WsAnalyzers.Tests.Rules.ReconnectTestSources;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.ReconnectWithoutBackoffAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>
/// WS0002 on retry paths that code which runs later drives: a <c>System.Timers.Timer</c>'s <c>Elapsed</c> handler,
/// a <c>PeriodicTimer</c> loop, and the handler of a close, disconnect or error event.
/// </summary>
public class ReconnectWithoutBackoffHandlerTests
{
    /// <summary>A line to a quote server, in a file of its own: the one place that touches the socket.</summary>
    private const string QuoteLine = Usings + """
        interface IQuoteLine
        {
            void Dial(Uri server);
        }

        sealed class SocketQuoteLine : IQuoteLine
        {
            private ClientWebSocket? _socket;

            public void Dial(Uri server)
            {
                _socket?.Dispose();
                _socket = new ClientWebSocket();
                _socket.ConnectAsync(server, CancellationToken.None).GetAwaiter().GetResult();
            }
        }
        """;

    /// <summary>
    /// A quote feed whose one-second timer counts <c>_secondsLeft</c> down and redials when it runs out; the redial
    /// stores <c>{{NEXT}}</c> as the next countdown.
    /// </summary>
    private const string CountdownFeed = Usings + """
        sealed class QuoteFeed
        {
            private readonly IQuoteLine _line;
            private readonly Uri _server;
            private readonly System.Timers.Timer _watch = new(1000);
            private int _secondsLeft = 5;
            private int _redials;

            public QuoteFeed(IQuoteLine line, Uri server)
            {
                _line = line;
                _server = server;
                _watch.Elapsed += OnWatch;
            }

            public void Connect()
            {
                _secondsLeft = 5;
                _watch.Start();
                _line.Dial(_server);
            }

            public void OnQuote() => _secondsLeft = 5;

            private void OnWatch(object? sender, System.Timers.ElapsedEventArgs e)
            {
                _secondsLeft--;
                if (_secondsLeft < 0)
                {
                    _watch.Stop();
                    Redial();
                }
            }

            private void Redial()
            {
                _redials++;
                {|#0:Connect()|};
                _secondsLeft = {{NEXT}};
                _watch.Start();
            }
        }
        """;

    [Theory]
    [InlineData("(int)Math.Min(Math.Pow(2, _redials) * 5, 60)", "after a delay that grows but has no random jitter")]
    [InlineData("5", "after a fixed delay")]
    public Task An_elapsed_countdown_that_redials_without_jitter_is_flagged_across_files(string next, string delay)
    {
        var test = Test(QuoteLine, CountdownFeed.Replace("{{NEXT}}", next));
        test.ExpectedDiagnostics.Add(Expected("Connect", "by the Elapsed handler 'OnWatch' of '_watch' when '_secondsLeft' counts down", delay));
        return test.RunAsync();
    }

    [Fact]
    public Task An_elapsed_countdown_that_restarts_from_a_jittered_growing_value_is_silent() =>
        Test(QuoteLine, Unmarked(CountdownFeed.Replace("{{NEXT}}", "(int)Math.Min(Math.Pow(2, _redials) * 5, 60) + Random.Shared.Next(0, 5)"))).RunAsync();

    [Fact]
    public Task An_elapsed_handler_that_only_reports_the_silence_is_silent() =>
        Test(QuoteLine, Unmarked(CountdownFeed.Replace("{{NEXT}}", "5").Replace("Redial();\n", "Console.WriteLine(\"no quotes\");\n"))).RunAsync();

    /// <summary>A presence client whose timer reopens the socket when it is not open; <c>{{SETUP}}</c> configures the timer.</summary>
    private const string IntervalPresence = Usings + """
        sealed class Presence : IDisposable
        {
            private readonly Uri _hub;
            private readonly System.Timers.Timer _reopen;
            private ClientWebSocket _socket = new();

            public Presence(Uri hub)
            {
                _hub = hub;
                _reopen = new System.Timers.Timer(TimeSpan.FromSeconds(15));
                {{SETUP}}
                _reopen.Elapsed += async (_, _) =>
                {
                    if (_socket.State != WebSocketState.Open)
                    {
                        _socket.Dispose();
                        _socket = new ClientWebSocket();
                        await {|#0:_socket.ConnectAsync(_hub, CancellationToken.None)|};
                    }
                };
                _reopen.Start();
            }

            public void Dispose() => _reopen.Dispose();
        }
        """;

    [Fact]
    public Task An_elapsed_lambda_that_reopens_on_every_interval_is_a_fixed_delay() =>
        Verify.VerifyAnalyzerAsync(
            IntervalPresence.Replace("{{SETUP}}", string.Empty),
            TargetFramework.Net90,
            Expected("ConnectAsync", "by an Elapsed handler of '_reopen'", "after a fixed delay"));

    [Fact]
    public Task A_one_shot_elapsed_timer_that_nobody_restarts_is_silent() =>
        Verify.VerifyAnalyzerAsync(Unmarked(IntervalPresence.Replace("{{SETUP}}", "_reopen.AutoReset = false;")));

    [Fact]
    public Task An_elapsed_timer_whose_interval_is_set_in_several_places_is_silent() =>
        Verify.VerifyAnalyzerAsync(Unmarked(IntervalPresence.Replace("{{SETUP}}", "_reopen.Interval = 20_000;")));

    /// <summary>A periodic health check that reconnects the socket when it is down; <c>{{WORK}}</c> is what each tick does.</summary>
    private const string HealthCheck = Usings + """
        sealed class HealthCheck
        {
            private ClientWebSocket _socket = new();

            public async Task RunAsync(Uri hub, TimeSpan every, CancellationToken ct)
            {
                using var timer = new PeriodicTimer({{PERIOD}});
                while (await timer.WaitForNextTickAsync(ct))
                {
                    if (_socket.State == WebSocketState.Open)
                    {
                        continue;
                    }

                    {{WORK}}
                }
            }
        }
        """;

    private const string Reconnect = """
        _socket.Dispose();
                    _socket = new ClientWebSocket();
                    await {|#0:_socket.ConnectAsync(hub, ct)|};
        """;

    [Theory]
    [InlineData("TimeSpan.FromSeconds(10)")]
    [InlineData("every")]
    public Task A_periodic_timer_loop_that_reconnects_on_a_period_set_once_is_a_fixed_delay(string period) =>
        Verify.VerifyAnalyzerAsync(
            HealthCheck.Replace("{{PERIOD}}", period).Replace("{{WORK}}", Reconnect),
            TargetFramework.Net80,
            Expected("ConnectAsync", "in this PeriodicTimer loop", "after a fixed delay"));

    [Fact]
    public Task A_periodic_timer_loop_that_changes_its_period_is_silent() =>
        Verify.VerifyAnalyzerAsync(Unmarked(HealthCheck.Replace("{{PERIOD}}", "every").Replace("{{WORK}}", Reconnect + "\n                timer.Period = every * 2;")));

    [Fact]
    public Task A_periodic_timer_loop_that_only_pings_is_silent() =>
        Verify.VerifyAnalyzerAsync(HealthCheck.Replace("{{PERIOD}}", "TimeSpan.FromSeconds(10)")
            .Replace("{{WORK}}", "await _socket.SendAsync(new ArraySegment<byte>(new byte[] { 1 }), WebSocketMessageType.Binary, true, ct);"));

    /// <summary>The project's own wrapper, in a file of its own, with a close event.</summary>
    private const string Channel = Usings + """
        sealed class Channel
        {
            private ClientWebSocket? _socket;

            public event EventHandler? Dropped;

            public event EventHandler? Joined;

            public async Task ConnectAsync(Uri room, CancellationToken ct)
            {
                _socket?.Dispose();
                _socket = new ClientWebSocket();
                await _socket.ConnectAsync(room, ct);
                Joined?.Invoke(this, EventArgs.Empty);
            }

            public void OnPeerGone() => Dropped?.Invoke(this, EventArgs.Empty);
        }
        """;

    /// <summary>A lobby that rejoins when the channel drops; <c>{{HANDLER}}</c> subscribes to the channel.</summary>
    private const string Lobby = Usings + """
        sealed class Lobby
        {
            private readonly Channel _channel = new();
            private readonly Uri _room;
            private int _rejoins;

            public Lobby(Uri room)
            {
                _room = room;
                {{HANDLER}}
            }

            private async void OnDropped(object? sender, EventArgs e)
            {
                await Task.Delay({{WAIT}});
                await {|#0:_channel.ConnectAsync(_room, CancellationToken.None)|};
            }
        }
        """;

    [Fact]
    public Task A_close_event_handler_of_the_projects_wrapper_that_rejoins_after_a_fixed_wait_is_flagged_across_files()
    {
        var test = Test(Channel, Lobby.Replace("{{HANDLER}}", "_channel.Dropped += OnDropped;").Replace("{{WAIT}}", "TimeSpan.FromSeconds(2)"));
        test.ExpectedDiagnostics.Add(Expected("ConnectAsync", "after a drop by the handler 'OnDropped' of the 'Dropped' event", "after a fixed delay"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_close_event_handler_that_waits_a_jittered_growing_delay_is_silent() =>
        Test(Channel, Unmarked(Lobby.Replace("{{HANDLER}}", "_channel.Dropped += OnDropped;")
            .Replace("{{WAIT}}", "TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000) * (1 << Math.Min(++_rejoins, 6)))"))).RunAsync();

    [Fact]
    public Task The_same_handler_on_an_event_that_does_not_say_the_line_dropped_is_silent() =>
        Test(Channel, Unmarked(Lobby.Replace("{{HANDLER}}", "_channel.Joined += OnDropped;").Replace("{{WAIT}}", "TimeSpan.FromSeconds(2)"))).RunAsync();

    [Fact]
    public Task A_disconnect_lambda_that_rejoins_at_once_is_flagged()
    {
        var test = Test(Channel, Usings + """
            sealed class Kiosk
            {
                private readonly Channel _channel = new();

                public Kiosk(Uri room) =>
                    _channel.Dropped += async (_, _) => await {|#0:_channel.ConnectAsync(room, CancellationToken.None)|};
            }
            """);
        test.ExpectedDiagnostics.Add(Expected("ConnectAsync", "after a drop by a handler of the 'Dropped' event", "without any delay between attempts"));
        return test.RunAsync();
    }

    /// <summary>A ticker with a first-connect loop that backs off properly, and a drop handler: <c>{{ON_DROP}}</c>.</summary>
    private const string TwoPaths = Usings + """
        sealed class Ticker
        {
            private readonly Uri _uri;
            private ClientWebSocket _socket = new();

            public Ticker(Uri uri) => _uri = uri;

            public event EventHandler? Closed;

            public async Task StartAsync(CancellationToken ct)
            {
                Closed += OnClosed;
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        _socket = new ClientWebSocket();
                        await _socket.ConnectAsync(_uri, ct);
                        return;
                    }
                    catch (WebSocketException)
                    {
                        var ceiling = Math.Min(60_000, 250 * (1 << Math.Min(attempt, 8)));
                        await Task.Delay(Random.Shared.Next(0, ceiling), ct);
                    }
                }
            }

            public void OnPeerGone() => Closed?.Invoke(this, EventArgs.Empty);

            private async void OnClosed(object? sender, EventArgs e)
            {
                {{ON_DROP}}
            }
        }
        """;

    [Fact]
    public Task A_backed_off_first_connect_does_not_excuse_a_drop_handler_that_reconnects_at_once() =>
        Verify.VerifyAnalyzerAsync(
            TwoPaths.Replace("{{ON_DROP}}", "_socket = new ClientWebSocket();\n        await {|#0:_socket.ConnectAsync(_uri, CancellationToken.None)|};"),
            TargetFramework.Net90,
            Expected("ConnectAsync", "after a drop by the handler 'OnClosed' of the 'Closed' event", "without any delay between attempts"));

    [Fact]
    public Task A_drop_handler_that_goes_back_through_the_backed_off_first_connect_is_silent() =>
        Verify.VerifyAnalyzerAsync(TwoPaths.Replace("{{ON_DROP}}", "await StartAsync(CancellationToken.None);"));

    /// <summary>A feed whose failed connect schedules the next attempt as a continuation: <c>{{SCHEDULE}}</c>.</summary>
    private const string Continuation = Usings + """
        sealed class Feed
        {
            private readonly Uri _uri;

            public Feed(Uri uri) => _uri = uri;

            public async Task ConnectAsync()
            {
                var socket = new ClientWebSocket();
                try
                {
                    await {|#0:socket.ConnectAsync(_uri, CancellationToken.None)|};
                }
                catch (WebSocketException)
                {
                    socket.Dispose();
                    {{SCHEDULE}}
                }
            }
        }
        """;

    [Theory]
    [InlineData("_ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => ConnectAsync());", "after a fixed delay")]
    [InlineData("_ = Task.Run(() => ConnectAsync());", "without any delay between attempts")]
    public Task A_catch_that_schedules_the_next_attempt_as_a_continuation_is_flagged(string schedule, string delay) =>
        Verify.VerifyAnalyzerAsync(
            Continuation.Replace("{{SCHEDULE}}", schedule),
            TargetFramework.Net90,
            Expected("ConnectAsync", "until it connects by 'ConnectAsync' calling itself", delay));

    [Fact]
    public Task A_catch_whose_continuation_only_reports_is_silent() =>
        Verify.VerifyAnalyzerAsync(Unmarked(Continuation.Replace("{{SCHEDULE}}", "_ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => Console.WriteLine(\"gave up\"));")));
}
