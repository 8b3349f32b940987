using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;

namespace WsAnalyzers.Tests.Rules;

/// <summary>The WS0004 fixes, each with and without WsResilience, and Fix All across documents.</summary>
public class AbnormalClosureIgnoredCodeFixTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- swallowed closure ----

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task Swallowed_closure_is_rethrown_while_other_exceptions_keep_their_handler(TargetFramework framework) =>
        CSharpCodeFixVerifier<SwallowedAbnormalClosureAnalyzer, AbnormalClosureCodeFixProvider>.VerifyCodeFixAsync(Usings + """
            class Client
            {
                async Task RunAsync(WebSocket ws)
                {
                    try
                    {
                        await ws.ReceiveAsync(new byte[8], default);
                    }
                    [|catch (Exception)|]
                    {
                    }
                }
            }
            """, Usings + """
            class Client
            {
                async Task RunAsync(WebSocket ws)
                {
                    try
                    {
                        await ws.ReceiveAsync(new byte[8], default);
                    }
                    catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
                    {
                        throw;
                    }
                    catch (Exception)
                    {
                    }
                }
            }
            """,
            AbnormalClosureCodeFixProvider.EquivalenceKey,
            framework: framework);

    [Fact]
    public Task Swallowed_closure_is_captured_with_WsResilience_and_the_old_exit_kept() =>
        CSharpCodeFixVerifier<SwallowedAbnormalClosureAnalyzer, AbnormalClosureCodeFixProvider>.VerifyCodeFixAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();

                async Task RunAsync(Exception ex)
                {
                    while (true)
                    {
                        try
                        {
                            await _socket.ReceiveAsync(new byte[8], default);
                        }
                        [|catch (WebSocketException)|]
                        {
                            break;
                        }
                    }
                }
            }
            """, Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();

                async Task RunAsync(Exception ex)
                {
                    while (true)
                    {
                        try
                        {
                            await _socket.ReceiveAsync(new byte[8], default);
                        }
                        catch (WebSocketException ex2) when (ex2.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
                        {
                            var closure = WsResilience.WebSocketClosure.From(_socket, ex2);
                            break;
                        }
                        catch (WebSocketException)
                        {
                            break;
                        }
                    }
                }
            }
            """,
            AbnormalClosureCodeFixProvider.WsResilienceEquivalenceKey,
            withWsResilience: true);

    [Fact]
    public async Task Fix_All_rethrows_in_every_document_of_the_project()
    {
        var test = new CSharpCodeFixVerifier<SwallowedAbnormalClosureAnalyzer, AbnormalClosureCodeFixProvider>.Test
        {
            CodeActionEquivalenceKey = AbnormalClosureCodeFixProvider.EquivalenceKey,
        };
        test.TestState.Sources.Add(("A.cs", Usings + """
            class A
            {
                async Task RunAsync(WebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    [|catch|] { }

                    try { await ws.ReceiveAsync(new byte[8], default); }
                    [|catch (WebSocketException)|] { return; }
                }
            }
            """));
        test.TestState.Sources.Add(("B.cs", Usings + """
            class B
            {
                async Task RunAsync(WebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    [|catch (SystemException)|] { }
                }
            }
            """));
        test.FixedState.Sources.Add(("A.cs", Usings + """
            class A
            {
                async Task RunAsync(WebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
                    {
                        throw;
                    }
                    catch { }

                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
                    {
                        throw;
                    }
                    catch (WebSocketException) { return; }
                }
            }
            """));
        test.FixedState.Sources.Add(("B.cs", Usings + """
            class B
            {
                async Task RunAsync(WebSocket ws)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
                    {
                        throw;
                    }
                    catch (SystemException) { }
                }
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Capture_fix_is_not_offered_without_WsResilience_or_for_a_socket_declared_in_the_try()
    {
        var source = Usings + """
            class Client
            {
                async Task RunAsync(WebSocket ws, Uri uri)
                {
                    try { await ws.ReceiveAsync(new byte[8], default); }
                    catch { }

                    try
                    {
                        using var inner = new ClientWebSocket();
                        await inner.ConnectAsync(uri, default);
                        await inner.ReceiveAsync(new byte[8], default);
                    }
                    catch (WebSocketException) { }
                }
            }
            """;

        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<SwallowedAbnormalClosureAnalyzer, AbnormalClosureCodeFixProvider>(
            source, TargetFramework.Net90, withWsResilience: false);
        Assert.Equal(
            new[] { AbnormalClosureCodeFixProvider.EquivalenceKey, AbnormalClosureCodeFixProvider.EquivalenceKey },
            keys);
    }

    // ---- comparisons with 1006, reserved codes sent ----

    [Fact]
    public Task Comparisons_with_1006_become_Aborted_state_checks() =>
        CSharpCodeFixVerifier<AbnormalClosureStatusCodeAnalyzer, AbnormalClosureCodeFixProvider>.VerifyCodeFixAsync(Usings + """
            class Client
            {
                private WebSocket Socket { get; } = new ClientWebSocket();

                void OnClosed(ClientWebSocket ws)
                {
                    if ([|ws.CloseStatus == (WebSocketCloseStatus)1006|])
                    {
                        Console.WriteLine("reconnect");
                    }

                    var clean = [|(int)Socket.CloseStatus.GetValueOrDefault() != 1006|];
                    var dropped = !([|Socket.CloseStatus is not (WebSocketCloseStatus)1006|]);
                }
            }
            """, Usings + """
            class Client
            {
                private WebSocket Socket { get; } = new ClientWebSocket();

                void OnClosed(ClientWebSocket ws)
                {
                    if (ws.State == WebSocketState.Aborted)
                    {
                        Console.WriteLine("reconnect");
                    }

                    var clean = Socket.State != WebSocketState.Aborted;
                    var dropped = !(Socket.State != WebSocketState.Aborted);
                }
            }
            """,
            AbnormalClosureCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task Comparisons_with_1006_become_IsAbnormal_with_WsResilience() =>
        CSharpCodeFixVerifier<AbnormalClosureStatusCodeAnalyzer, AbnormalClosureCodeFixProvider>.VerifyCodeFixAsync(Usings + """
            using WsResilience;

            class Client
            {
                bool Dropped(WebSocket ws) => [|ws.CloseStatus == (WebSocketCloseStatus)1006|];
                bool Clean(WebSocket ws) => [|(int?)ws.CloseStatus != 1006|];
            }
            """, Usings + """
            using WsResilience;

            class Client
            {
                bool Dropped(WebSocket ws) => WebSocketClosure.From(ws).IsAbnormal;
                bool Clean(WebSocket ws) => !WebSocketClosure.From(ws).IsAbnormal;
            }
            """,
            AbnormalClosureCodeFixProvider.WsResilienceEquivalenceKey,
            withWsResilience: true);

    [Fact]
    public async Task Comparison_fixes_are_not_offered_for_receive_results_locals_or_switch_cases_and_IsAbnormal_needs_WsResilience()
    {
        var source = Usings + """
            class Client
            {
                void OnClosed(WebSocket ws, WebSocketReceiveResult result)
                {
                    Console.WriteLine(result.CloseStatus == (WebSocketCloseStatus)1006);
                    int code = (int)ws.CloseStatus.GetValueOrDefault();
                    Console.WriteLine(code == 1006);
                    switch (ws.CloseStatus) { case (WebSocketCloseStatus)1006: break; }
                    Console.WriteLine(ws.CloseStatus == (WebSocketCloseStatus)1006);
                }
            }
            """;

        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<AbnormalClosureStatusCodeAnalyzer, AbnormalClosureCodeFixProvider>(
            source, TargetFramework.Net90, withWsResilience: false);
        Assert.Equal(new[] { AbnormalClosureCodeFixProvider.EquivalenceKey }, keys);
    }

    [Fact]
    public Task Sending_1006_becomes_Abort() =>
        CSharpCodeFixVerifier<AbnormalClosureStatusCodeAnalyzer, AbnormalClosureCodeFixProvider>.VerifyCodeFixAsync(Usings + """
            class Client
            {
                async Task DropAsync(ClientWebSocket ws)
                {
                    // The peer stopped answering.
                    await ws.CloseAsync([|(WebSocketCloseStatus)1006|], "dropped", CancellationToken.None);
                    await ws.CloseOutputAsync([|(WebSocketCloseStatus)1015|], null, default).ConfigureAwait(false);
                }
            }
            """, Usings + """
            class Client
            {
                async Task DropAsync(ClientWebSocket ws)
                {
                    // The peer stopped answering.
                    ws.Abort();
                    ws.Abort();
                }
            }
            """,
            AbnormalClosureCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task Sending_1006_as_a_returned_task_becomes_Abort_and_a_completed_task() =>
        CSharpCodeFixVerifier<AbnormalClosureStatusCodeAnalyzer, AbnormalClosureCodeFixProvider>.VerifyCodeFixAsync(Usings + """
            class Client
            {
                Task DropAsync(ClientWebSocket ws)
                {
                    Console.WriteLine("dropping");
                    return ws.CloseAsync([|(WebSocketCloseStatus)1006|], "dropped", CancellationToken.None);
                }

                Task LeaveAsync(WebSocket ws, bool gone)
                {
                    if (gone)
                        return ws.CloseAsync([|(WebSocketCloseStatus)1006|], null, default);
                    return ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
                }

                Task KillAsync(WebSocket ws) => ws.CloseOutputAsync([|(WebSocketCloseStatus)1015|], null, default);

                void Run(WebSocket ws)
                {
                    Task Local() => ws.CloseAsync([|(WebSocketCloseStatus)1006|], null, default);
                    Local().Wait();
                }
            }
            """, Usings + """
            class Client
            {
                Task DropAsync(ClientWebSocket ws)
                {
                    Console.WriteLine("dropping");
                    ws.Abort();
                    return Task.CompletedTask;
                }

                Task LeaveAsync(WebSocket ws, bool gone)
                {
                    if (gone)
                    {
                        ws.Abort();
                        return Task.CompletedTask;
                    }
                    return ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
                }

                Task KillAsync(WebSocket ws)
                {
                    ws.Abort();
                    return Task.CompletedTask;
                }

                void Run(WebSocket ws)
                {
                    Task Local()
                    {
                        ws.Abort();
                        return Task.CompletedTask;
                    }
                    Local().Wait();
                }
            }
            """,
            AbnormalClosureCodeFixProvider.EquivalenceKey);

    [Fact]
    public async Task Abort_is_not_offered_where_the_close_task_is_not_simply_the_method_s_result()
    {
        var source = Usings + """
            class Client
            {
                Func<Task> Later(WebSocket ws) => () => ws.CloseAsync((WebSocketCloseStatus)1006, null, default);
                Task? Maybe(WebSocket? ws) => ws?.CloseAsync((WebSocketCloseStatus)1006, null, default);
                async ValueTask Wrapped(WebSocket ws) => await ws.CloseAsync((WebSocketCloseStatus)1006, null, default).ContinueWith(_ => { });
                Task<bool> Chained(WebSocket ws) => ws.CloseAsync((WebSocketCloseStatus)1006, null, default).ContinueWith(_ => true);
            }
            """;

        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<AbnormalClosureStatusCodeAnalyzer, AbnormalClosureCodeFixProvider>(
            source, TargetFramework.Net90, withWsResilience: false);
        Assert.Empty(keys);
    }

    // ---- unguarded CloseStatus.Value ----

    [Fact]
    public Task Unguarded_Value_becomes_a_coalesce_with_Empty() =>
        CSharpCodeFixVerifier<UnguardedCloseStatusValueAnalyzer, AbnormalClosureCodeFixProvider>.VerifyCodeFixAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();

                public WebSocketCloseStatus Status => [|_socket.CloseStatus.Value|];

                public WebSocketCloseStatus Claimed => [|_socket.CloseStatus!.Value|];

                public string Describe(WebSocket ws) => [|ws.CloseStatus.Value|].ToString() + (int)[|this._socket.CloseStatus.Value|];
            }
            """, Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();

                public WebSocketCloseStatus Status => _socket.CloseStatus ?? WebSocketCloseStatus.Empty;

                public WebSocketCloseStatus Claimed => _socket.CloseStatus ?? WebSocketCloseStatus.Empty;

                public string Describe(WebSocket ws) => (ws.CloseStatus ?? WebSocketCloseStatus.Empty).ToString() + (int)(this._socket.CloseStatus ?? WebSocketCloseStatus.Empty);
            }
            """,
            AbnormalClosureCodeFixProvider.EquivalenceKey,
            framework: TargetFramework.Net80);

    [Fact]
    public Task An_int_cast_of_Value_becomes_the_closure_code_with_WsResilience() =>
        CSharpCodeFixVerifier<UnguardedCloseStatusValueAnalyzer, AbnormalClosureCodeFixProvider>.VerifyCodeFixAsync(Usings + """
            class Client
            {
                void Report(WebSocket ws) => Console.WriteLine("closed: " + (int)[|ws.CloseStatus.Value|]);
            }
            """, Usings + """
            class Client
            {
                void Report(WebSocket ws) => Console.WriteLine("closed: " + WsResilience.WebSocketClosure.From(ws).Code);
            }
            """,
            AbnormalClosureCodeFixProvider.WsResilienceEquivalenceKey,
            withWsResilience: true);
}
