using System.Threading.Tasks;
using WsAnalyzers.Tests.Verifiers;
using Xunit;
using static WsAnalyzers.Tests.Rules.ReconnectTestSources;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.ReconnectWithoutBackoffAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>
/// WS0002 on an override of a base class's protected drop hook: the base runs <c>OnDisconnected</c> each time the
/// connection ends, so an override that connects again is a retry path after a drop, judged like a close handler.
/// The message says which connect a path repeats: a connect retried until it works, or the connect after a drop.
/// </summary>
public class ReconnectWithoutBackoffDropHookTests
{
    /// <summary>The project's own base class, in a file of its own: it dials, reads, and calls its hooks when the read ends.</summary>
    private const string TelemetryLink = Usings + """
        abstract class TelemetryLink
        {
            private ClientWebSocket _socket = new();

            protected Uri Station { get; }

            protected TelemetryLink(Uri station) => Station = station;

            protected async Task ConnectStationAsync(CancellationToken ct)
            {
                _socket.Dispose();
                _socket = new ClientWebSocket();
                await _socket.ConnectAsync(Station, ct);
                _ = PumpAsync();
            }

            protected async Task ConnectPatientlyAsync(CancellationToken ct)
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        await ConnectStationAsync(ct);
                        return;
                    }
                    catch (WebSocketException)
                    {
                        var ceilingMs = Math.Min(30_000, 500 * (1 << Math.Min(attempt, 6)));
                        await Task.Delay(Random.Shared.Next(ceilingMs), ct);
                    }
                }
            }

            protected virtual void OnDisconnected(Exception? reason)
            {
            }

            protected virtual void OnLinkUp()
            {
            }

            public virtual void OnError(Exception error)
            {
            }

            private async Task PumpAsync()
            {
                var frame = new byte[512];
                try
                {
                    while (_socket.State == WebSocketState.Open)
                    {
                        await _socket.ReceiveAsync(frame, CancellationToken.None);
                    }

                    OnDisconnected(null);
                }
                catch (WebSocketException ex)
                {
                    OnDisconnected(ex);
                }
            }
        }
        """;

    /// <summary>A weather feed built on the link; <c>{{HOOK}}</c> is its override.</summary>
    private const string WeatherFeed = Usings + """
        sealed class WeatherFeed : TelemetryLink
        {
            private int _rejoins;

            public WeatherFeed(Uri station) : base(station)
            {
            }

            {{HOOK}}

            private async Task RejoinAsync()
            {
                _rejoins++;
                await {{REJOIN_DIAL}};
            }
        }
        """;

    private const string Dial = "ConnectStationAsync(CancellationToken.None)";

    /// <summary>The feed with <paramref name="hook"/>, flagged where the markup says; the rejoin's dial is marked when <paramref name="markRejoin"/> is set.</summary>
    private static Verify.Test Feed(string hook, bool markRejoin = false) =>
        Test(TelemetryLink, WeatherFeed.Replace("{{HOOK}}", hook).Replace("{{REJOIN_DIAL}}", markRejoin ? "{|#0:" + Dial + "|}" : Dial));

    private static Task Silent(string hook) => Feed(Unmarked(hook)).RunAsync();

    [Fact]
    public Task An_overridden_disconnect_hook_that_dials_again_at_once_is_flagged_across_files()
    {
        var test = Feed("""
            protected override async void OnDisconnected(Exception? reason)
            {
                await {|#0:ConnectStationAsync(CancellationToken.None)|};
            }
            """);
        test.ExpectedDiagnostics.Add(Expected(
            "ConnectStationAsync",
            "after a drop by the override 'OnDisconnected' that 'TelemetryLink' calls",
            "without any delay between attempts"));
        return test.RunAsync();
    }

    [Fact]
    public Task An_overridden_disconnect_hook_that_hands_over_to_a_method_of_its_type_after_a_fixed_wait_is_flagged_at_that_methods_dial()
    {
        var test = Feed(
            """
            protected override async void OnDisconnected(Exception? reason)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
                await RejoinAsync();
            }
            """,
            markRejoin: true);
        test.ExpectedDiagnostics.Add(Expected(
            "ConnectStationAsync",
            "after a drop by the override 'OnDisconnected' that 'TelemetryLink' calls through 'RejoinAsync'",
            "after a fixed delay"));
        return test.RunAsync();
    }

    [Fact]
    public Task An_overridden_disconnect_hook_that_waits_a_jittered_growing_delay_is_silent() =>
        Silent("""
            protected override async void OnDisconnected(Exception? reason)
            {
                var ceilingMs = Math.Min(60_000, 250 * (1 << Math.Min(_rejoins, 8)));
                await Task.Delay(Random.Shared.Next(ceilingMs));
                await RejoinAsync();
            }
            """);

    [Fact]
    public Task An_overridden_disconnect_hook_that_goes_back_through_the_bases_backed_off_dial_is_silent() =>
        Silent("""
            protected override async void OnDisconnected(Exception? reason)
            {
                await ConnectPatientlyAsync(CancellationToken.None);
            }
            """);

    [Fact]
    public Task An_overridden_disconnect_hook_that_only_reports_the_drop_is_silent() =>
        Silent("""
            protected override void OnDisconnected(Exception? reason)
            {
                Console.WriteLine($"station link lost: {reason?.Message ?? "closed"}");
            }
            """);

    [Fact]
    public Task A_public_error_override_is_not_a_drop_hook_the_base_runs_and_is_silent() =>
        Silent("""
            public override async void OnError(Exception error)
            {
                await RejoinAsync();
            }
            """);

    [Fact]
    public Task An_override_of_a_hook_whose_name_does_not_say_the_link_dropped_is_silent() =>
        Silent("""
            protected override async void OnLinkUp()
            {
                await RejoinAsync();
            }
            """);

    /// <summary>A feed whose first dial retries on a fixed wait and whose drop hook rejoins at once: two paths, two messages.</summary>
    [Fact]
    public Task The_first_connect_and_the_reconnect_after_a_drop_are_reported_apart()
    {
        var test = Test(TelemetryLink, Usings + """
            sealed class TideFeed : TelemetryLink
            {
                public TideFeed(Uri station) : base(station)
                {
                }

                public async Task StartAsync(CancellationToken ct)
                {
                    var connected = false;
                    while (!connected)
                    {
                        try
                        {
                            await {|#0:ConnectStationAsync(ct)|};
                            connected = true;
                        }
                        catch (WebSocketException)
                        {
                            await Task.Delay(2_000, ct);
                        }
                    }
                }

                protected override async void OnDisconnected(Exception? reason)
                {
                    await {|#1:ConnectStationAsync(CancellationToken.None)|};
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expected("ConnectStationAsync", "until it connects in this loop", "after a fixed delay"));
        test.ExpectedDiagnostics.Add(Expected(
            "ConnectStationAsync",
            "after a drop by the override 'OnDisconnected' that 'TelemetryLink' calls",
            "without any delay between attempts",
            location: 1));
        return test.RunAsync();
    }
}
