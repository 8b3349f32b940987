using System;
using System.Diagnostics;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

public sealed class ReconnectingWebSocketTests
{
    [Fact]
    public async Task Sends_and_receives_whole_messages()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.Events.NextConnectedAsync();

        await h.Client.SendAsync("hello");
        await h.Client.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary);

        var text = await h.ReadMessageAsync();
        var binary = await h.ReadMessageAsync();
        Assert.Equal(WebSocketMessageType.Text, text.Type);
        Assert.Equal("hello", text.GetText());
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(new byte[] { 1, 2, 3 }, binary.Payload.ToArray());
        Assert.True(h.Client.IsConnected);
    }

    [Fact]
    public async Task Concurrent_senders_lose_nothing()
    {
        await using var h = await ClientHarness.StartAsync(configure: o => o.OutboundQueueCapacity = 16);
        const int Senders = 4;
        const int PerSender = 250;

        var sending = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                await h.Client.SendAsync($"{sender}:{i}");
            }
        })).ToArray();
        var received = new System.Collections.Generic.List<string>();
        for (var i = 0; i < Senders * PerSender; i++)
        {
            received.Add(await h.ReadTextAsync());
        }

        await Task.WhenAll(sending);
        Assert.Equal(Senders * PerSender, received.Distinct().Count());
        for (var sender = 0; sender < Senders; sender++)
        {
            var prefix = $"{sender}:";
            var order = received.Where(m => m.StartsWith(prefix, StringComparison.Ordinal)).Select(m => int.Parse(m[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, PerSender), order);
        }

        Assert.Equal(Senders * PerSender, h.Client.SentMessageCount);
        Assert.Equal(0, h.Client.DroppedMessageCount);
    }

    [Fact]
    public async Task Fragments_are_joined_into_one_message()
    {
        var big = Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray();
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.SendFragmentedThenEcho(big, fragmentSize: 7_000), o => o.ReceiveBufferSize = 4096);

        var message = await h.ReadMessageAsync();

        Assert.Equal(big, message.Payload.ToArray());
    }

    [Fact]
    public async Task A_message_over_the_size_limit_closes_with_1009_and_reconnects()
    {
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.SendFragmentedThenEcho(new byte[10_000], fragmentSize: 1_000), o => o.MaxMessageSize = 5_000);

        var disconnected = await h.Events.NextDisconnectedAsync();

        Assert.Equal(WebSocketClosureKind.MessageTooBig, disconnected.Closure.Kind);
        Assert.Equal(1009, disconnected.Closure.Code);
        Assert.True(disconnected.WillReconnect);
        await h.Events.NextConnectedAsync();
        await h.Events.NextConnectedAsync();
    }

    [Fact]
    public async Task Connection_reset_without_a_close_frame_reports_1006_and_reconnects()
    {
        await using var h = await ClientHarness.StartAsync(proxy: true);
        await h.Events.NextConnectedAsync();

        h.Proxy.ResetAll();

        var disconnected = await h.Events.NextDisconnectedAsync();
        Assert.Equal(WebSocketClosureKind.Abnormal, disconnected.Closure.Kind);
        Assert.Equal(1006, disconnected.Closure.Code);
        Assert.True(disconnected.Closure.IsAbnormal);
        Assert.True(disconnected.WillReconnect);
        var reconnected = await h.Events.NextConnectedAsync();
        Assert.NotNull(reconnected.Downtime);
        Assert.Equal(1, reconnected.Attempt);
        await h.Client.SendAsync("after reset");
        Assert.Equal("after reset", await h.ReadTextAsync());
    }

    [Fact]
    public async Task A_black_holed_connection_is_detected_by_the_heartbeat_and_replaced()
    {
        // Detection time only: on .NET 8 the silence watchdog cannot see the server's pings (the runtime consumes
        // them inside ReceiveAsync), so it would take any quiet connection as dead; LivenessProbeTests shows a
        // healthy idle peer surviving.
        await using var h = await ClientHarness.StartAsync(
            configure: o =>
            {
                o.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
                o.HeartbeatTimeout = TimeSpan.FromMilliseconds(500);
                o.SilenceTimeout = TimeSpan.FromSeconds(1);
            },
            proxy: true,
            serverPingInterval: TimeSpan.FromMilliseconds(200));
        await h.Events.NextConnectedAsync();

        // Real time on purpose: on .NET 9+ the runtime's KeepAliveTimeout runs on its own clock.
        var stopwatch = Stopwatch.StartNew();
        h.Proxy.BlackHoleAll();
        var disconnected = await h.Events.NextDisconnectedAsync();
        stopwatch.Stop();

        Assert.True(WebSocketClosureKind.KeepAliveTimeout == disconnected.Closure.Kind, $"{disconnected.Closure} {disconnected.Closure.Error}");
        Assert.Equal(1006, disconnected.Closure.Code);
#if NET9_0_OR_GREATER
        var detectionBound = h.Options.HeartbeatInterval + h.Options.HeartbeatTimeout;
#else
        var detectionBound = h.Options.SilenceTimeout * 1.25;
#endif
        Assert.True(stopwatch.Elapsed < detectionBound + TestTimeouts.DeadlineMargin, $"detected after {stopwatch.Elapsed}");
        await h.Events.NextConnectedAsync();
        await h.Client.SendAsync("after black hole");
        Assert.Equal("after black hole", await h.ReadTextAsync());
    }

    [Fact]
    public async Task StopAsync_returns_within_the_close_timeout_when_the_server_never_answers()
    {
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.NeverAnswerAsync, o => o.CloseTimeout = TimeSpan.FromMilliseconds(500));
        await h.Events.NextConnectedAsync();

        var stopwatch = Stopwatch.StartNew();
        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < h.Options.CloseTimeout + TestTimeouts.DeadlineMargin, $"stopped after {stopwatch.Elapsed}");
        var disconnected = await h.Events.NextDisconnectedAsync();
        Assert.False(disconnected.WillReconnect);
        Assert.True(h.Client.Completion.IsCompleted);
        Assert.False(h.Client.IsConnected);
    }

    [Fact]
    public async Task StopAsync_closes_gracefully_when_the_server_answers()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.Events.NextConnectedAsync();

        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);

        var disconnected = await h.Events.NextDisconnectedAsync();
        Assert.Equal(WebSocketClosureKind.Normal, disconnected.Closure.Kind);
        Assert.Equal(1000, disconnected.Closure.Code);
        Assert.False(disconnected.WillReconnect);
        Assert.True(h.Client.Messages.Completion.IsCompleted);
    }

    [Fact]
    public async Task Refused_reconnects_wait_exactly_the_seeded_jittered_delays()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReconnectBackoffOptions
        {
            InitialDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(8),
            StabilityWindow = TimeSpan.FromSeconds(10),
        };
        await using var h = await ClientHarness.StartAsync(
            configure: o =>
            {
                o.Backoff = backoff;
                o.Random = new Random(77);
                o.TimeProvider = time;
            },
            proxy: true);
        var expected = new ReconnectBackoff(backoff, new Random(77));
        await h.Events.NextConnectedAsync();

        h.Proxy.RefuseNewConnections(true);
        h.Proxy.ResetAll();
        Assert.True((await h.Events.NextDisconnectedAsync()).Closure.IsAbnormal);
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var reconnecting = await h.Events.NextReconnectingAsync();
            Assert.Equal(attempt, reconnecting.Attempt);
            Assert.Equal(expected.NextDelay(), reconnecting.Delay);
            Assert.Equal(attempt == 1, reconnecting.ConnectError is null);
            Assert.Equal(attempt, h.Proxy.AcceptedCount);

            // The attempt is made once the fake clock has moved by exactly the announced delay.
            time.Advance(reconnecting.Delay);
        }

        var seventh = await h.Events.NextReconnectingAsync();
        Assert.Equal(expected.NextDelay(), seventh.Delay);
        h.Proxy.RefuseNewConnections(false);
        time.Advance(seventh.Delay);
        var connected = await h.Events.NextConnectedAsync();
        Assert.Equal(7, connected.Attempt);
        Assert.Equal(8, h.Proxy.AcceptedCount);
    }

    [Fact]
    public async Task Only_a_connection_that_lasted_the_stability_window_resets_the_attempt_counter()
    {
        var time = new FakeTimeProvider();
        await using var h = await ClientHarness.StartAsync(
            configure: o =>
            {
                o.Backoff = new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromSeconds(1), Jitter = JitterMode.None, StabilityWindow = TimeSpan.FromSeconds(10) };
                o.TimeProvider = time;
            },
            proxy: true);
        await h.Events.NextConnectedAsync();

        h.Proxy.ResetAll();
        var first = await h.Events.NextReconnectingAsync();
        Assert.Equal((1, TimeSpan.FromSeconds(1)), (first.Attempt, first.Delay));
        time.Advance(first.Delay);
        await h.Events.NextConnectedAsync();

        // One tick short of the window: a flap, the backoff keeps growing.
        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        h.Proxy.ResetAll();
        var afterFlap = await h.Events.NextReconnectingAsync();
        Assert.Equal((2, TimeSpan.FromSeconds(2)), (afterFlap.Attempt, afterFlap.Delay));
        time.Advance(afterFlap.Delay);
        await h.Events.NextConnectedAsync();

        time.Advance(TimeSpan.FromSeconds(10));
        h.Proxy.ResetAll();
        var afterStable = await h.Events.NextReconnectingAsync();
        Assert.Equal((1, TimeSpan.FromSeconds(1)), (afterStable.Attempt, afterStable.Delay));
    }

    [Fact]
    public async Task The_server_coming_back_on_a_new_port_is_reached_through_the_same_address()
    {
        var original = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(original.EndPoint);
        await using var client = new ReconnectingWebSocket(proxy.Uri, ClientHarness.FastOptions());
        var events = new RecordedClientEvents(client);
        client.Start();
        await events.NextConnectedAsync();

        proxy.RefuseNewConnections(true);
        proxy.ResetAll();
        await original.DisposeAsync();
        await events.NextDisconnectedAsync();
        await events.NextReconnectingAsync();
        await using var restarted = await LoopbackWebSocketServer.StartEchoAsync();
        proxy.Target = restarted.EndPoint;
        proxy.RefuseNewConnections(false);
        await events.NextConnectedAsync();

        await client.SendAsync("back");
        using var timeout = TestTimeouts.StepSource();
        Assert.Equal("back", (await client.Messages.ReadAsync(timeout.Token)).GetText());
        Assert.Equal(1, restarted.ConnectionCount);
    }

    [Fact]
    public async Task Messages_sent_while_disconnected_are_delivered_after_reconnect()
    {
        await using var h = await ClientHarness.StartAsync(proxy: true);
        await h.Events.NextConnectedAsync();
        h.Proxy.RefuseNewConnections(true);
        h.Proxy.ResetAll();
        await h.Events.NextDisconnectedAsync();
        Assert.False(h.Client.IsConnected);

        for (var i = 0; i < 5; i++)
        {
            await h.Client.SendAsync($"queued {i}");
        }

        h.Proxy.RefuseNewConnections(false);
        await h.Events.NextConnectedAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"queued {i}", await h.ReadTextAsync());
        }

        Assert.Equal(0, h.Client.DroppedMessageCount);
        Assert.Empty(h.Events.Dropped);
    }

    [Fact]
    public async Task DropOldest_reports_every_message_it_drops()
    {
        await using var h = await ClientHarness.StartAsync(
            configure: o =>
            {
                o.OutboundQueueCapacity = 3;
                o.OutboundQueueFullMode = OutboundQueueFullMode.DropOldest;
            },
            refuseConnections: true);

        for (var i = 0; i < 5; i++)
        {
            await h.Client.SendAsync($"m{i}");
        }

        Assert.Equal(2, h.Client.DroppedMessageCount);
        Assert.Equal(["m0", "m1"], h.Events.Dropped.Select(d => Encoding.UTF8.GetString(d.Payload.Span)));
        Assert.All(h.Events.Dropped, d => Assert.Equal(MessageDropReason.QueueFullDroppedOldest, d.Reason));

        h.Proxy.RefuseNewConnections(false);
        await h.Events.NextConnectedAsync();
        Assert.Equal("m2", await h.ReadTextAsync());
        Assert.Equal("m3", await h.ReadTextAsync());
        Assert.Equal("m4", await h.ReadTextAsync());
    }

    [Fact]
    public async Task Fail_mode_refuses_with_an_exception_and_counts_the_refusal()
    {
        await using var h = await ClientHarness.StartAsync(
            configure: o =>
            {
                o.OutboundQueueCapacity = 2;
                o.OutboundQueueFullMode = OutboundQueueFullMode.Fail;
            },
            refuseConnections: true);

        await h.Client.SendAsync("a");
        await h.Client.SendAsync("b");
        var refused = h.Client.SendAsync("c");

        // The refusal comes back in the task, not as an exception from the call.
        Assert.True(refused.IsFaulted);
        var error = await Assert.ThrowsAsync<OutboundQueueFullException>(() => refused.AsTask());
        Assert.Equal("The outbound queue is full (2 messages); the message was not queued.", error.Message);

        Assert.Equal(1, h.Client.DroppedMessageCount);
        var dropped = Assert.Single(h.Events.Dropped);
        Assert.Equal(MessageDropReason.QueueFullRejected, dropped.Reason);
        Assert.Equal("c", Encoding.UTF8.GetString(dropped.Payload.Span));
    }

    [Fact]
    public async Task Wait_mode_waits_for_room_until_the_caller_gives_up()
    {
        await using var h = await ClientHarness.StartAsync(configure: o => o.OutboundQueueCapacity = 1, refuseConnections: true);
        await h.Client.SendAsync("first");

        var waiting = h.Client.SendAsync("second").AsTask();
        Assert.False(waiting.IsCompleted);
        h.Proxy.RefuseNewConnections(false);
        await waiting.WaitAsync(TestTimeouts.Step);

        Assert.Equal("first", await h.ReadTextAsync());
        Assert.Equal("second", await h.ReadTextAsync());
        Assert.Equal(0, h.Client.DroppedMessageCount);
    }

    [Fact]
    public async Task Messages_still_queued_at_stop_are_reported_dropped()
    {
        await using var h = await ClientHarness.StartAsync(refuseConnections: true);
        await h.Client.SendAsync("x");
        await h.Client.SendAsync("y");

        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);

        Assert.Equal(2, h.Client.DroppedMessageCount);
        Assert.Equal(["x", "y"], h.Events.Dropped.Select(d => Encoding.UTF8.GetString(d.Payload.Span)));
        Assert.All(h.Events.Dropped, d => Assert.Equal(MessageDropReason.Stopped, d.Reason));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await h.Client.SendAsync("z"));
    }

    [Fact]
    public async Task Policy_violation_stops_reconnecting()
    {
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.CloseWith(WebSocketCloseStatus.PolicyViolation, "banned"));

        var disconnected = await h.Events.NextDisconnectedAsync();
        await Assert.ThrowsAsync<ReconnectGaveUpException>(() => h.Client.Completion.WaitAsync(TestTimeouts.Step));

        Assert.Equal(WebSocketClosureKind.PolicyViolation, disconnected.Closure.Kind);
        Assert.Equal(1008, disconnected.Closure.Code);
        Assert.Equal("banned", disconnected.Closure.Description);
        Assert.False(disconnected.WillReconnect);
        Assert.Equal(1, h.Server.ConnectionCount);
        Assert.Empty(h.Events.Reconnects);
        Assert.True(h.Client.Messages.Completion.IsCompleted);
    }

    [Fact]
    public async Task Try_again_later_waits_at_least_the_server_busy_delay()
    {
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.CloseWith((WebSocketCloseStatus)1013, "busy"), o => o.ServerBusyDelay = TimeSpan.FromMilliseconds(300));

        var disconnected = await h.Events.NextDisconnectedAsync();
        var reconnecting = await h.Events.NextReconnectingAsync();

        Assert.Equal(WebSocketClosureKind.TryAgainLater, disconnected.Closure.Kind);
        Assert.True(disconnected.WillReconnect);
        Assert.Equal(h.Options.ServerBusyDelay, reconnecting.Delay);
    }

    [Fact]
    public async Task ShouldReconnect_overrides_the_default_decision()
    {
        await using var h = await ClientHarness.StartAsync(
            ServerBehaviors.CloseWith(WebSocketCloseStatus.NormalClosure, "done"),
            o => o.ShouldReconnect = closure => closure.Kind != WebSocketClosureKind.Normal);

        var disconnected = await h.Events.NextDisconnectedAsync();
        var gaveUp = await Assert.ThrowsAsync<ReconnectGaveUpException>(() => h.Client.Completion.WaitAsync(TestTimeouts.Step));

        Assert.False(disconnected.WillReconnect);
        Assert.Equal(WebSocketClosureKind.Normal, gaveUp.LastClosure?.Kind);
        Assert.Equal(1, h.Server.ConnectionCount);
    }

    [Fact]
    public async Task Max_attempts_ends_the_client_when_the_server_stays_down()
    {
        await using var h = await ClientHarness.StartAsync(configure: o => o.Backoff.MaxAttempts = 3, refuseConnections: true);
        await h.Client.SendAsync("never sent");

        var gaveUp = await Assert.ThrowsAsync<ReconnectGaveUpException>(() => h.Client.Completion.WaitAsync(TestTimeouts.Step));

        Assert.Equal("All 3 reconnect attempts failed.", gaveUp.Message);
        Assert.Equal(3, h.Events.Reconnects.Count);
        Assert.Equal(4, h.Proxy.AcceptedCount);
        Assert.Equal(1, h.Client.DroppedMessageCount);
    }

    [Fact]
    public async Task A_server_that_never_completes_the_upgrade_hits_the_connect_timeout()
    {
        var time = new FakeTimeProvider();
        await using var h = await ClientHarness.StartAsync(
            configure: o =>
            {
                o.ConnectTimeout = TimeSpan.FromSeconds(3);
                o.TimeProvider = time;
            },
            proxy: true,
            start: false);
        h.Proxy.BlackHoleNewConnectionsFromStart(true);
        h.Client.Start();
        await h.Proxy.WaitForAcceptedAsync(1);

        time.Advance(TimeSpan.FromSeconds(3));
        var reconnecting = await h.Events.NextReconnectingAsync();

        Assert.IsType<TimeoutException>(reconnecting.ConnectError);
        h.Proxy.BlackHoleNewConnectionsFromStart(false);
        time.Advance(reconnecting.Delay);
        await h.Events.NextConnectedAsync();
    }

    [Fact]
    public async Task The_socket_factory_is_called_per_attempt_and_can_change_the_address()
    {
        var attempts = new System.Collections.Concurrent.ConcurrentQueue<int>();
        FaultInjectingProxy? proxy = null;
        await using var h = await ClientHarness.StartAsync(
            configure: o => o.SocketFactory = (request, _) =>
            {
                attempts.Enqueue(request.Attempt);
                request.Uri = new Uri(proxy!.Uri, $"?token=t{request.Attempt}");
                var socket = new ClientWebSocket();
                socket.Options.SetRequestHeader("X-Attempt", request.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return ValueTask.FromResult(socket);
            },
            proxy: true,
            start: false);
        proxy = h.Proxy;
        h.Client.Start();

        var first = await h.Events.NextConnectedAsync();
        h.Proxy.ResetAll();
        var second = await h.Events.NextConnectedAsync();

        Assert.Equal("?token=t0", first.Uri.Query);
        Assert.Equal("?token=t1", second.Uri.Query);
        Assert.Equal([0, 1], attempts);
    }

    [Fact]
    public async Task Lifecycle_misuse_is_rejected_clearly()
    {
        Assert.Throws<ArgumentNullException>(() => new ReconnectingWebSocket(null!));
        Assert.Throws<ArgumentException>(() => new ReconnectingWebSocket(new Uri("http://127.0.0.1/")));
        Assert.Throws<ArgumentException>(() => new ReconnectingWebSocket(new Uri("/relative", UriKind.Relative)));
        Assert.ThrowsAny<ArgumentException>(() => new ReconnectingWebSocket(new Uri("ws://127.0.0.1/"), new ReconnectingWebSocketOptions { OutboundQueueCapacity = 0 }));
        Assert.ThrowsAny<ArgumentException>(() => new ReconnectingWebSocket(new Uri("ws://127.0.0.1/"), new ReconnectingWebSocketOptions { HeartbeatTimeout = TimeSpan.Zero }));
        Assert.ThrowsAny<ArgumentException>(() => new ReconnectingWebSocket(new Uri("ws://127.0.0.1/"), new ReconnectingWebSocketOptions { Backoff = new ReconnectBackoffOptions { Multiplier = 0 } }));

        var client = new ReconnectingWebSocket(new Uri("ws://127.0.0.1:9/"), ClientHarness.FastOptions());
        await Assert.ThrowsAsync<ArgumentException>(async () => await client.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Close));
        await client.StopAsync().WaitAsync(TestTimeouts.Step);
        Assert.Throws<InvalidOperationException>(client.Start);
        await client.DisposeAsync();
        await client.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(client.Start);
    }

    [Fact]
    public async Task Starting_twice_is_rejected()
    {
        await using var h = await ClientHarness.StartAsync();

        Assert.Throws<InvalidOperationException>(h.Client.Start);
    }

    [Fact]
    public async Task A_throwing_event_handler_does_not_break_the_client()
    {
        await using var h = await ClientHarness.StartAsync(start: false);
        h.Client.Connected += (_, _) => throw new InvalidOperationException("handler bug");
        h.Client.Start();

        await h.Client.SendAsync("still works");

        Assert.Equal("still works", await h.ReadTextAsync());
    }
}
