using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using static WsAnalyzers.Tests.Rules.ReconnectTestSources;
using VerifyFix = WsAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    WsAnalyzers.Rules.ReconnectWithoutBackoffAnalyzer,
    WsAnalyzers.CodeFixes.ReconnectWithoutBackoffCodeFixProvider>;

namespace WsAnalyzers.Tests.Rules;

public class ReconnectWithoutBackoffCodeFixTests
{
    private const string FixedDelayLoop = Usings + """
        class Client
        {
            async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken ct)
            {
                while (true)
                {
                    var ws = new ClientWebSocket();
                    try
                    {
                        await [|ws.ConnectAsync(uri, ct)|];
                        return ws;
                    }
                    catch (WebSocketException)
                    {
                        ws.Dispose();
                        await Task.Delay(5000, ct);
                    }
                }
            }
        }
        """;

    private const string FixedDelayLoopWithReconnectBackoff = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;
        using WsResilience;
        class Client
        {
            async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken ct)
            {
                var backoff = new ReconnectBackoff();
                while (true)
                {
                    var ws = new ClientWebSocket();
                    try
                    {
                        await ws.ConnectAsync(uri, ct);
                        backoff.RecordConnected();
                        return ws;
                    }
                    catch (WebSocketException)
                    {
                        ws.Dispose();
                        await Task.Delay(backoff.NextDelay(), ct);
                    }
                }
            }
        }
        """;

    private const string SessionLoop = Usings + """
        class Client
        {
            async Task RunAsync(Uri uri, CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    using var ws = new ClientWebSocket();
                    await [|ws.ConnectAsync(uri, stoppingToken)|];
                    await ws.ReceiveAsync(new byte[64], stoppingToken);
                }
            }
        }
        """;

    private static VerifyFix.Test WithWsResilience(string source, string fixedSource, string equivalenceKey)
    {
        var test = new VerifyFix.Test { CodeActionEquivalenceKey = equivalenceKey };
        test.TestState.Sources.Add(("/0/Test0.cs", source));
        test.TestState.AdditionalReferences.Add(TestReferences.WsResilience);
        test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
        return test;
    }

    [Fact]
    public Task ReconnectBackoff_replaces_a_fixed_delay_and_resets_after_the_connect() =>
        WithWsResilience(FixedDelayLoop, FixedDelayLoopWithReconnectBackoff, ReconnectWithoutBackoffCodeFixProvider.ReconnectBackoffEquivalenceKey).RunAsync();

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task Full_jitter_replaces_a_fixed_delay(TargetFramework framework) =>
        VerifyFix.VerifyCodeFixAsync(FixedDelayLoop, Usings + """
            class Client
            {
                async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken ct)
                {
                    var reconnectAttempt = 0;
                    while (true)
                    {
                        var ws = new ClientWebSocket();
                        try
                        {
                            await ws.ConnectAsync(uri, ct);
                            reconnectAttempt = 0;
                            return ws;
                        }
                        catch (WebSocketException)
                        {
                            ws.Dispose();
                            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(30000, 1000 * Math.Pow(2, reconnectAttempt++))), ct);
                        }
                    }
                }
            }
            """,
            ReconnectWithoutBackoffCodeFixProvider.FullJitterEquivalenceKey,
            framework);

    [Fact]
    public Task Full_jitter_uses_a_Random_of_its_own_where_Random_Shared_does_not_exist() =>
        new VerifyFix.Test
        {
            ReferenceAssemblies = Microsoft.CodeAnalysis.Testing.ReferenceAssemblies.NetStandard.NetStandard20,
            CodeActionEquivalenceKey = ReconnectWithoutBackoffCodeFixProvider.FullJitterEquivalenceKey,
            TestCode = FixedDelayLoop,
            FixedCode = Usings + """
                class Client
                {
                    async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken ct)
                    {
                        var reconnectAttempt = 0;
                        var reconnectJitter = new Random();
                        while (true)
                        {
                            var ws = new ClientWebSocket();
                            try
                            {
                                await ws.ConnectAsync(uri, ct);
                                reconnectAttempt = 0;
                                return ws;
                            }
                            catch (WebSocketException)
                            {
                                ws.Dispose();
                                await Task.Delay(TimeSpan.FromMilliseconds(reconnectJitter.NextDouble() * Math.Min(30000, 1000 * Math.Pow(2, reconnectAttempt++))), ct);
                            }
                        }
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task ReconnectBackoff_adds_a_delay_to_a_loop_that_had_none_with_the_existing_token() =>
        WithWsResilience(SessionLoop, """
            using System;
            using System.Net.WebSockets;
            using System.Threading;
            using System.Threading.Tasks;
            using WsResilience;
            class Client
            {
                async Task RunAsync(Uri uri, CancellationToken stoppingToken)
                {
                    var backoff = new ReconnectBackoff();
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        using var ws = new ClientWebSocket();
                        await ws.ConnectAsync(uri, stoppingToken);
                        backoff.RecordConnected();
                        await ws.ReceiveAsync(new byte[64], stoppingToken);
                        await Task.Delay(backoff.NextDelay(), stoppingToken);
                    }
                }
            }
            """, ReconnectWithoutBackoffCodeFixProvider.ReconnectBackoffEquivalenceKey).RunAsync();

    [Fact]
    public Task Full_jitter_fixes_every_loop_of_a_document_at_once() =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (true)
                    {
                        using var ws = new ClientWebSocket();
                        await [|ws.ConnectAsync(uri, ct)|];
                        await ws.ReceiveAsync(new byte[64], ct);
                    }
                }

                void Run(Uri uri)
                {
                    for (var attempt = 0; attempt < 5; attempt++)
                    {
                        var ws = new ClientWebSocket();
                        try { [|ws.ConnectAsync(uri, default)|].Wait(); return; }
                        catch (AggregateException) { Thread.Sleep(1000); }
                    }
                }
            }
            """, Usings + """
            class Client
            {
                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    var reconnectAttempt = 0;
                    while (true)
                    {
                        using var ws = new ClientWebSocket();
                        await ws.ConnectAsync(uri, ct);
                        reconnectAttempt = 0;
                        await ws.ReceiveAsync(new byte[64], ct);
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(30000, 1000 * Math.Pow(2, reconnectAttempt++))), ct);
                    }
                }

                void Run(Uri uri)
                {
                    var reconnectAttempt = 0;
                    for (var attempt = 0; attempt < 5; attempt++)
                    {
                        var ws = new ClientWebSocket();
                        try { ws.ConnectAsync(uri, default).Wait();
                            reconnectAttempt = 0;
                            return; }
                        catch (AggregateException) { Thread.Sleep(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(30000, 1000 * Math.Pow(2, reconnectAttempt++)))); }
                    }
                }
            }
            """,
            ReconnectWithoutBackoffCodeFixProvider.FullJitterEquivalenceKey);

    [Fact]
    public Task Fix_all_gives_two_loops_of_one_method_their_own_state() =>
        WithWsResilience(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (true)
                    {
                        using var primary = new ClientWebSocket();
                        try { await [|primary.ConnectAsync(uri, ct)|]; break; }
                        catch (WebSocketException) { await Task.Delay(1000, ct); }
                    }

                    while (true)
                    {
                        using var secondary = new ClientWebSocket();
                        try { await [|secondary.ConnectAsync(uri, ct)|]; break; }
                        catch (WebSocketException) { await Task.Delay(1000, ct); }
                    }
                }
            }
            """, Usings + """
            using WsResilience;
            class Client
            {
                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    var backoff = new ReconnectBackoff();
                    while (true)
                    {
                        using var primary = new ClientWebSocket();
                        try { await primary.ConnectAsync(uri, ct);
                            backoff.RecordConnected();
                            break; }
                        catch (WebSocketException) { await Task.Delay(backoff.NextDelay(), ct); }
                    }

                    var reconnectBackoff = new ReconnectBackoff();
                    while (true)
                    {
                        using var secondary = new ClientWebSocket();
                        try { await secondary.ConnectAsync(uri, ct);
                            reconnectBackoff.RecordConnected();
                            break; }
                        catch (WebSocketException) { await Task.Delay(reconnectBackoff.NextDelay(), ct); }
                    }
                }
            }
            """, ReconnectWithoutBackoffCodeFixProvider.ReconnectBackoffEquivalenceKey).RunAsync();

    [Fact]
    public async Task ReconnectBackoff_fixes_loops_across_the_project()
    {
        const string Second = Usings + """
            class Feed
            {
                async Task RunAsync(Uri uri)
                {
                    while (true)
                    {
                        using var ws = new ClientWebSocket();
                        try { await [|ws.ConnectAsync(uri, default)|]; await ws.ReceiveAsync(new byte[8], default); }
                        catch (WebSocketException) { await Task.Delay(TimeSpan.FromSeconds(2)); }
                    }
                }
            }
            """;
        const string SecondFixed = """
            using System;
            using System.Net.WebSockets;
            using System.Threading;
            using System.Threading.Tasks;
            using WsResilience;
            class Feed
            {
                async Task RunAsync(Uri uri)
                {
                    var backoff = new ReconnectBackoff();
                    while (true)
                    {
                        using var ws = new ClientWebSocket();
                        try { await ws.ConnectAsync(uri, default);
                            backoff.RecordConnected();
                            await ws.ReceiveAsync(new byte[8], default); }
                        catch (WebSocketException) { await Task.Delay(backoff.NextDelay()); }
                    }
                }
            }
            """;
        var test = WithWsResilience(FixedDelayLoop, FixedDelayLoopWithReconnectBackoff, ReconnectWithoutBackoffCodeFixProvider.ReconnectBackoffEquivalenceKey);
        test.TestState.Sources.Add(("/0/Feed.cs", Second));
        test.FixedState.Sources.Add(("/0/Feed.cs", SecondFixed));
        await test.RunAsync();
    }

    [Fact]
    public async Task Without_WsResilience_only_the_full_jitter_fix_is_offered()
    {
        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<ReconnectWithoutBackoffAnalyzer, ReconnectWithoutBackoffCodeFixProvider>(
            FixedDelayLoop.Replace("[|", string.Empty).Replace("|]", string.Empty), TargetFramework.Net90, withWsResilience: false);
        Assert.Equal(new[] { ReconnectWithoutBackoffCodeFixProvider.FullJitterEquivalenceKey }, keys);
    }

    [Fact]
    public async Task No_fix_is_offered_for_a_recursive_reconnect_or_a_loop_without_braces()
    {
        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<ReconnectWithoutBackoffAnalyzer, ReconnectWithoutBackoffCodeFixProvider>(Usings + """
            class Client
            {
                async Task ConnectAsync(Uri uri)
                {
                    var ws = new ClientWebSocket();
                    try { await ws.ConnectAsync(uri, default); }
                    catch (WebSocketException) { await Task.Delay(1000); await ConnectAsync(uri); }
                }

                async Task RunAsync(Uri uri)
                {
                    while (true)
                        await new ClientWebSocket().ConnectAsync(uri, default);
                }
            }
            """, TargetFramework.Net90, withWsResilience: false);
        Assert.Empty(keys);
    }

    [Fact]
    public async Task No_delay_is_added_to_a_loop_that_cannot_await()
    {
        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<ReconnectWithoutBackoffAnalyzer, ReconnectWithoutBackoffCodeFixProvider>(Usings + """
            class Client
            {
                void Run(Uri uri)
                {
                    while (true)
                    {
                        using var ws = new ClientWebSocket();
                        ws.ConnectAsync(uri, default).GetAwaiter().GetResult();
                        ws.ReceiveAsync(new byte[8], default).GetAwaiter().GetResult();
                    }
                }
            }
            """, TargetFramework.Net90, withWsResilience: false);
        Assert.Empty(keys);
    }
}
