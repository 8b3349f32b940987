using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using static WsAnalyzers.Tests.Rules.ReconnectTestSources;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.ReconnectWithoutBackoffAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

public class ReconnectWithoutBackoffAnalyzerTests
{
    private const string FirstConnectInLoop = "until it connects in this loop";
    private const string AfterDropInLoop = "after a drop in this loop";
    private const string NoDelay = "without any delay between attempts";
    private const string FixedDelay = "after a fixed delay";
    private const string NoJitter = "after a delay that grows but has no random jitter";
    private const string NoGrowth = "after a random delay that never grows";
    private const string NoDelaySeen = "with no delay the analyzer can see (if your own method paces the attempts, list it in 'ws_analyzers.backoff_methods')";

    // The loop travels as an additional location for the fix; one test checks it, the others ignore it.
    private static DiagnosticResult Expected(string path, string delay) =>
        Verify.Diagnostic("WS0002").WithLocation(0).WithArguments("ConnectAsync", path, delay)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    /// <summary>A retry loop whose wait is <paramref name="wait"/>, with the declarations it may need.</summary>
    private static string RetryLoop(string wait, string members = "", string declarations = "") => Usings + $$"""
        class Client
        {
            private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
            private static readonly int[] DelaysMs = { 1000, 2000, 5000, 10000 };
            private readonly Random _random = new();
            {{members}}

            async Task<ClientWebSocket> ConnectAsync(Uri uri, TimeSpan pause, CancellationToken ct)
            {
                var attempt = 0;
                var delay = TimeSpan.FromSeconds(1);
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
                        {{wait}};
                    }
                }
            }
        }
        {{declarations}}
        """;

    // ---- flagged: no wait at all ----

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task A_session_loop_that_reconnects_at_once_is_flagged(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri, CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        using var ws = new ClientWebSocket();
                        try
                        {
                            await {|#0:ws.ConnectAsync(uri, stoppingToken)|};
                            await ReceiveAllAsync(ws, stoppingToken);
                        }
                        catch (WebSocketException ex)
                        {
                            Console.WriteLine(ex.Message);
                        }
                    }
                }

                static async Task ReceiveAllAsync(WebSocket ws, CancellationToken ct)
                {
                    var buffer = new byte[4096];
                    while (ws.State == WebSocketState.Open)
                    {
                        await ws.ReceiveAsync(buffer, ct);
                    }
                }
            }
            """,
            framework,
            Expected(AfterDropInLoop, NoDelay));

    [Fact]
    public Task A_bounded_retry_loop_without_a_delay_is_flagged_with_the_loop_as_additional_location() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task<ClientWebSocket?> ConnectAsync(Uri uri)
                {
                    {|#1:for (var attempt = 0; attempt < 5; attempt++)
                    {
                        var ws = new ClientWebSocket();
                        try
                        {
                            await {|#0:ws.ConnectAsync(uri, CancellationToken.None)|};
                            return ws;
                        }
                        catch (WebSocketException)
                        {
                            ws.Dispose();
                        }
                    }|}

                    return null;
                }
            }
            """,
            expected: Verify.Diagnostic("WS0002").WithLocation(0).WithLocation(1).WithArguments("ConnectAsync", FirstConnectInLoop, NoDelay));

    // ---- flagged: fixed delay ----

    [Theory]
    [InlineData("await Task.Delay(5000, ct)")]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false)")]
    [InlineData("await Task.Delay(RetryDelay, ct)")]
    [InlineData("await Task.Delay(pause)")]
    [InlineData("Thread.Sleep(1000)")]
    [InlineData("await Task.Delay(delay, ct)")]
    public Task A_fixed_delay_is_flagged(string wait) =>
        Verify.VerifyAnalyzerAsync(RetryLoop(wait), expected: Expected(FirstConnectInLoop, FixedDelay));

    // ---- flagged: growth without jitter ----

    [Theory]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)), ct)")]
    [InlineData("await Task.Delay(1000 << attempt, ct)")]
    [InlineData("await Task.Delay(Math.Min(30_000, 1000 * attempt), ct)")]
    [InlineData("await Task.Delay(DelaysMs[Math.Min(attempt, DelaysMs.Length - 1)], ct)")]
    [InlineData("await Task.Delay(delay, ct); delay *= 2")]
    [InlineData("await Task.Delay(delay, ct); delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks))")]
    public Task A_delay_that_grows_without_jitter_is_flagged(string wait) =>
        Verify.VerifyAnalyzerAsync(RetryLoop(wait), expected: Expected(FirstConnectInLoop, NoJitter));

    // ---- flagged: jitter without growth ----

    [Theory]
    [InlineData("await Task.Delay(Random.Shared.Next(1000, 3000), ct)")]
    [InlineData("await Task.Delay(RetryDelay + TimeSpan.FromMilliseconds(_random.Next(500)), ct)")]
    [InlineData("var jitter = System.Security.Cryptography.RandomNumberGenerator.GetInt32(250); await Task.Delay(1000 + jitter, ct)")]
    public Task A_random_delay_that_never_grows_is_flagged(string wait) =>
        Verify.VerifyAnalyzerAsync(RetryLoop(wait), expected: Expected(FirstConnectInLoop, NoGrowth));

    // ---- flagged: other reconnect shapes ----

    [Fact]
    public Task A_loop_that_connects_through_a_method_of_its_type_is_flagged_at_the_call() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private ClientWebSocket _ws = new();
                private readonly Uri _uri = new("wss://example.com/feed");

                public async Task RunAsync(CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try
                        {
                            await {|#0:OpenAsync(ct)|};
                            await _ws.ReceiveAsync(new byte[1024], ct);
                        }
                        catch (WebSocketException)
                        {
                            await Task.Delay(3000, ct);
                        }
                    }
                }

                private async Task OpenAsync(CancellationToken ct)
                {
                    _ws.Dispose();
                    _ws = new ClientWebSocket();
                    await _ws.ConnectAsync(_uri, ct);
                }
            }
            """,
            expected: Expected("after a drop through 'OpenAsync' in this loop", FixedDelay));

    [Fact]
    public Task A_method_that_calls_itself_again_from_its_catch_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private ClientWebSocket _ws = new();

                public async Task ConnectAsync(Uri uri)
                {
                    try
                    {
                        _ws = new ClientWebSocket();
                        await {|#0:_ws.ConnectAsync(uri, CancellationToken.None)|};
                    }
                    catch (WebSocketException)
                    {
                        await Task.Delay(2000);
                        await ConnectAsync(uri);
                    }
                }
            }
            """,
            expected: Expected("until it connects by 'ConnectAsync' calling itself", FixedDelay));

    [Fact]
    public Task A_close_handler_that_reconnects_through_the_same_method_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                public event Action? Closed;

                public async Task StartAsync(Uri uri)
                {
                    var ws = new ClientWebSocket();
                    await {|#0:ws.ConnectAsync(uri, default)|};
                    Closed += () => _ = StartAsync(uri);
                }
            }
            """,
            expected: Expected("after a drop by 'StartAsync' calling itself", NoDelay));

    [Fact]
    public Task A_do_while_loop_until_connected_in_a_lambda_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                Task Start(Uri uri) => Task.Run(async () =>
                {
                    ClientWebSocket ws;
                    do
                    {
                        ws = new ClientWebSocket();
                        try { await {|#0:ws.ConnectAsync(uri, default)|}; }
                        catch (WebSocketException) { await Task.Delay(1000); }
                    }
                    while (ws.State != WebSocketState.Open);
                });
            }
            """,
            expected: Expected(FirstConnectInLoop, FixedDelay));

    [Fact]
    public Task A_retry_loop_in_a_local_function_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                Task<ClientWebSocket> OpenAsync(Uri uri)
                {
                    return Retry();

                    async Task<ClientWebSocket> Retry()
                    {
                        var connected = false;
                        var ws = new ClientWebSocket();
                        while (!connected)
                        {
                            ws = new ClientWebSocket();
                            try { await {|#0:ws.ConnectAsync(uri, default)|}; connected = true; }
                            catch (WebSocketException) { Thread.Sleep(500); }
                        }

                        return ws;
                    }
                }
            }
            """,
            expected: Expected(FirstConnectInLoop, FixedDelay));

    [Fact]
    public async Task A_reconnect_loop_in_top_level_statements_is_flagged()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                var uri = new Uri("ws://127.0.0.1:5000/ws");
                while (true)
                {
                    using var ws = new ClientWebSocket();
                    try
                    {
                        await {|#0:ws.ConnectAsync(uri, default)|};
                        await ws.ReceiveAsync(new byte[64], default);
                    }
                    catch (WebSocketException)
                    {
                        await Task.Delay(1000);
                    }
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Expected(AfterDropInLoop, FixedDelay));
        await test.RunAsync();
    }

    // ---- silent: the delay is a proper backoff, or comes from something out of sight ----

    [Theory]
    [InlineData("await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(30_000, 1000 * Math.Pow(2, attempt))), ct)")]
    [InlineData("delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 30_000)); await Task.Delay(delay + TimeSpan.FromMilliseconds(_random.Next(1000)), ct)")]
    [InlineData("await Task.Delay(policy.NextDelay(attempt), ct)")]
    [InlineData("await WaitBeforeRetryAsync(attempt, ct)")]
    [InlineData("await Task.Delay(Timeout.Infinite, ct)")]
    [InlineData("await Task.Delay(Polly.Contrib.Backoff.Next(attempt), ct)")]
    public Task A_jittered_growing_or_opaque_delay_is_silent(string wait) =>
        Verify.VerifyAnalyzerAsync(RetryLoop(
            wait,
            members: """
                private readonly IRetryPolicy policy = null!;
                private static Task WaitBeforeRetryAsync(int attempt, CancellationToken ct) => Task.CompletedTask;
                """,
            declarations: """
                interface IRetryPolicy { TimeSpan NextDelay(int attempt); }

                namespace Polly.Contrib
                {
                    static class Backoff { public static TimeSpan Next(int attempt) => TimeSpan.Zero; }
                }
                """).Replace("{|#0:", string.Empty).Replace("|}", string.Empty));

    [Theory]
    [InlineData("await Task.Delay(backoff.NextDelay(), ct)")]
    [InlineData("if (backoff.TryGetNextDelay(out var next)) await Task.Delay(next, ct)")]
    public async Task A_WsResilience_ReconnectBackoff_is_silent(string wait)
    {
        var test = new Verify.Test
        {
            TestCode = RetryLoop(wait, members: "private readonly WsResilience.ReconnectBackoff backoff = new();")
                .Replace("{|#0:", string.Empty).Replace("|}", string.Empty),
        };
        test.TestState.AdditionalReferences.Add(TestReferences.WsResilience);
        await test.RunAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_helper_listed_in_backoff_methods_silences_the_rule(bool listed)
    {
        var source = RetryLoop(
            "await MyCompany.Net.Reconnect.PaceAsync(attempt, ct)",
            declarations: "namespace MyCompany.Net { static class Reconnect { public static Task PaceAsync(int attempt, CancellationToken ct) => Task.CompletedTask; } }");
        var test = new Verify.Test
        {
            TestCode = listed ? source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty) : source,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"""
            root = true

            [*.cs]
            {(listed ? "ws_analyzers.backoff_methods = MyCompany.Net.Reconnect.PaceAsync" : string.Empty)}
            """));
        if (!listed)
        {
            // The helper is the project's own and shows no wait: the message does not claim there is none.
            test.ExpectedDiagnostics.Add(Expected(FirstConnectInLoop, NoDelaySeen));
        }

        await test.RunAsync();
    }

    // ---- silent: not a reconnect ----

    [Fact]
    public Task Fanning_out_over_endpoints_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            using System.Collections.Generic;

            class FanOut
            {
                async Task<List<ClientWebSocket>> ConnectAllAsync(Uri[] uris, Queue<Uri> pending, int clients, CancellationToken ct)
                {
                    var sockets = new List<ClientWebSocket>();
                    foreach (var uri in uris)
                    {
                        var ws = new ClientWebSocket();
                        await ws.ConnectAsync(uri, ct);
                        sockets.Add(ws);
                    }

                    for (var i = 0; i < uris.Length; i++)
                    {
                        var ws = new ClientWebSocket();
                        await ws.ConnectAsync(uris[i], ct);
                        sockets.Add(ws);
                    }

                    for (var i = 0; i < clients; i++)
                    {
                        var ws = new ClientWebSocket();
                        await ws.ConnectAsync(uris[0], ct);
                        sockets.Add(ws);
                    }

                    while (pending.TryDequeue(out var next))
                    {
                        var ws = new ClientWebSocket();
                        await ws.ConnectAsync(next, ct);
                        sockets.Add(ws);
                    }

                    return sockets;
                }
            }
            """);

    [Fact]
    public Task A_worker_that_connects_for_each_job_it_reads_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            using System.Threading.Channels;

            class Worker
            {
                async Task RunAsync(ChannelReader<Uri> jobs, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        var target = await jobs.ReadAsync(ct);
                        using var ws = new ClientWebSocket();
                        await ws.ConnectAsync(target, ct);
                    }
                }
            }
            """);

    [Fact]
    public Task A_single_connect_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task<ClientWebSocket> OpenAsync(Uri uri, CancellationToken ct)
                {
                    var ws = new ClientWebSocket();
                    await ws.ConnectAsync(uri, ct);
                    while (ws.State == WebSocketState.Open)
                    {
                        await ws.ReceiveAsync(new byte[64], ct);
                    }

                    return ws;
                }
            }
            """);

    [Fact]
    public Task A_connect_in_a_lambda_handed_to_a_retry_policy_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(Func<Func<Task>, Task> retry, Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        using var ws = new ClientWebSocket();
                        await retry(() => ws.ConnectAsync(uri, ct));
                        await ws.ReceiveAsync(new byte[64], ct);
                    }
                }
            }
            """);

    [Fact]
    public Task TcpClient_and_HttpClient_retry_loops_are_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            using System.Net.Http;
            using System.Net.Sockets;

            class Client
            {
                async Task RunAsync(HttpClient http, CancellationToken ct)
                {
                    while (true)
                    {
                        try
                        {
                            using var tcp = new TcpClient();
                            await tcp.ConnectAsync("example.com", 443, ct);
                            await http.GetAsync("https://example.com", ct);
                            break;
                        }
                        catch (SocketException)
                        {
                            await Task.Delay(1000, ct);
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task A_user_type_named_ClientWebSocket_is_silent() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            namespace MyCompany.Net
            {
                class ClientWebSocket
                {
                    public Task ConnectAsync(Uri uri, CancellationToken ct) => Task.CompletedTask;
                }

                class Client
                {
                    async Task RunAsync(Uri uri)
                    {
                        while (true)
                        {
                            var ws = new ClientWebSocket();
                            await ws.ConnectAsync(uri, default);
                            await Task.Delay(1000);
                        }
                    }
                }
            }
            """);
}
