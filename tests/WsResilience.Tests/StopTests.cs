using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

public sealed class StopTests
{
    [Fact]
    public async Task A_stop_right_after_a_send_is_a_normal_closure_every_time()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        const int Runs = 50;
        var closures = new WebSocketClosure[Runs];

        for (var run = 0; run < Runs; run++)
        {
            await using var client = new ReconnectingWebSocket(server.Uri, ClientHarness.FastOptions());
            var events = new RecordedClientEvents(client);
            client.Start();
            await events.NextConnectedAsync();
            await client.SendAsync("one");

            await client.StopAsync().WaitAsync(TestTimeouts.Step);

            closures[run] = (await events.NextDisconnectedAsync()).Closure;
            Assert.Equal((1, 0), (client.SentMessageCount, client.DroppedMessageCount));
        }

        Assert.Equal(Runs, closures.Count(c => c.Kind == WebSocketClosureKind.Normal && c.Code == 1000));
    }

    [Fact]
    public async Task StopAsync_sends_everything_queued_before_it()
    {
        var received = new ConcurrentQueue<string>();
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.RecordInto(received));
        await h.Events.NextConnectedAsync();
        const int Count = 500;
        for (var i = 0; i < Count; i++)
        {
            await h.Client.SendAsync($"m{i}");
        }

        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);

        var disconnected = await h.Events.NextDisconnectedAsync();
        Assert.Equal(WebSocketClosureKind.Normal, disconnected.Closure.Kind);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"m{i}"), received);
        Assert.Equal((Count, 0), (h.Client.SentMessageCount, h.Client.DroppedMessageCount));
        Assert.Empty(h.Events.Dropped);
    }

    [Fact]
    public async Task StopAsync_drops_what_it_cannot_flush_within_the_flush_timeout()
    {
        // A peer that never reads: the socket's buffers fill and the flush cannot finish.
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.NeverAnswerAsync, o =>
        {
            o.StopFlushTimeout = TimeSpan.FromMilliseconds(300);
            o.CloseTimeout = TimeSpan.FromMilliseconds(300);
        });
        await h.Events.NextConnectedAsync();
        const int Count = 64;
        var payload = new byte[256 * 1024];
        for (var i = 0; i < Count; i++)
        {
            await h.Client.SendAsync(payload, WebSocketMessageType.Binary);
        }

        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);

        Assert.True(h.Client.DroppedMessageCount > 0, "a peer that never reads cannot take 16 MiB");
        Assert.Equal(Count, h.Client.SentMessageCount + h.Client.DroppedMessageCount);
        Assert.Equal(h.Client.DroppedMessageCount, h.Events.Dropped.Count);
        Assert.All(h.Events.Dropped, d => Assert.Equal(MessageDropReason.Stopped, d.Reason));
        Assert.True(h.Client.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task DisposeAsync_does_not_wait_for_a_factory_that_ignores_its_token()
    {
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Continuations run inline, so the abandoned socket is disposed by the time SetResult returns.
        var never = new TaskCompletionSource<ClientWebSocket>();
        await using var h = await ClientHarness.StartAsync(configure: o => o.SocketFactory = (_, _) =>
        {
            called.TrySetResult();
            return new ValueTask<ClientWebSocket>(never.Task);
        });
        await called.Task.WaitAsync(TestTimeouts.Step);

        await h.Client.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Step);

        Assert.True(h.Client.Completion.IsCompletedSuccessfully);
        var late = new ClientWebSocket();
        Assert.Equal(WebSocketState.None, late.State);
        never.SetResult(late);
        Assert.Equal(WebSocketState.Closed, late.State);
    }

    [Fact]
    public async Task The_connect_timeout_covers_a_factory_that_ignores_its_token()
    {
        var time = new FakeTimeProvider();
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await ClientHarness.StartAsync(configure: o =>
        {
            o.TimeProvider = time;
            o.ConnectTimeout = TimeSpan.FromSeconds(10);
            o.SocketFactory = (_, _) =>
            {
                called.TrySetResult();
                return new ValueTask<ClientWebSocket>(new TaskCompletionSource<ClientWebSocket>().Task);
            };
        });
        await called.Task.WaitAsync(TestTimeouts.Step);

        time.Advance(TimeSpan.FromSeconds(10));
        var reconnecting = await h.Events.NextReconnectingAsync();

        Assert.IsType<TimeoutException>(reconnecting.ConnectError);
    }

    [Fact]
    public async Task StopAsync_waited_on_inside_a_Disconnected_handler_does_not_deadlock()
    {
        await using var h = await ClientHarness.StartAsync(proxy: true, start: false);
        var stoppedInHandler = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.Disconnected += (_, _) => stoppedInHandler.TrySetResult(h.Client.StopAsync().Wait(TestTimeouts.Step));
        h.Client.Start();
        await h.Events.NextConnectedAsync();

        h.Proxy.ResetAll();

        Assert.True(await stoppedInHandler.Task.WaitAsync(TestTimeouts.Step * 2));
        await h.Client.Completion.WaitAsync(TestTimeouts.Step);
        Assert.Equal(1, h.Server.ConnectionCount);
    }

    [Fact]
    public async Task Cancelling_the_StopAsync_token_ends_its_wait_even_when_a_handler_blocks()
    {
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.NeverAnswerAsync, o => o.CloseTimeout = TimeSpan.FromMinutes(5), start: false);
        using var release = new ManualResetEventSlim();
        var handlerEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.Disconnected += (_, _) =>
        {
            handlerEntered.TrySetResult();
            release.Wait(TestTimeouts.Step);
        };
        h.Client.Start();
        await h.Events.NextConnectedAsync();
        using var cancel = new CancellationTokenSource();

        var stopping = h.Client.StopAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopping.WaitAsync(TestTimeouts.Step));
        await handlerEntered.Task.WaitAsync(TestTimeouts.Step);
        Assert.False(h.Client.Completion.IsCompleted);
        release.Set();
        await h.Client.Completion.WaitAsync(TestTimeouts.Step);
        Assert.True(h.Client.Completion.IsCompletedSuccessfully);
    }
}
