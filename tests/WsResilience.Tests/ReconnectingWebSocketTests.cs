using System;
using System.Diagnostics;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

public sealed class ReconnectingWebSocketTests
{
    private static ReconnectingWebSocketOptions FastOptions() => new()
    {
        Backoff = new ReconnectBackoffOptions
        {
            InitialDelay = TimeSpan.FromMilliseconds(20),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            StabilityWindow = TimeSpan.FromSeconds(30),
        },
        ConnectTimeout = TimeSpan.FromSeconds(5),
        CloseTimeout = TimeSpan.FromSeconds(1),
        Random = new Random(1234),
    };

    [Fact]
    public async Task Sends_and_receives_whole_messages()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var client = new ReconnectingWebSocket(server.Uri, FastOptions());
        var events = new RecordedClientEvents(client);
        client.Start();
        await events.NextConnectedAsync();

        await client.SendAsync("hello");
        await client.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary);

        var text = await ReadMessageAsync(client);
        var binary = await ReadMessageAsync(client);
        Assert.Equal(WebSocketMessageType.Text, text.Type);
        Assert.Equal("hello", text.GetText());
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(new byte[] { 1, 2, 3 }, binary.Payload.ToArray());
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Concurrent_senders_lose_nothing()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        var options = FastOptions();
        options.OutboundQueueCapacity = 16;
        await using var client = new ReconnectingWebSocket(server.Uri, options);
        client.Start();
        const int Senders = 4;
        const int PerSender = 250;

        var sending = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                await client.SendAsync($"{sender}:{i}");
            }
        })).ToArray();
        var received = new System.Collections.Generic.List<string>();
        for (var i = 0; i < Senders * PerSender; i++)
        {
            received.Add((await ReadMessageAsync(client)).GetText());
        }

        await Task.WhenAll(sending);
        Assert.Equal(Senders * PerSender, received.Distinct().Count());
        for (var sender = 0; sender < Senders; sender++)
        {
            var prefix = $"{sender}:";
            var order = received.Where(m => m.StartsWith(prefix, StringComparison.Ordinal)).Select(m => int.Parse(m[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, PerSender), order);
        }

        Assert.Equal(Senders * PerSender, client.SentMessageCount);
        Assert.Equal(0, client.DroppedMessageCount);
    }

    [Fact]
    public async Task Fragments_are_joined_into_one_message()
    {
        var big = Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray();
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.SendFragmentedThenEcho(big, fragmentSize: 7_000));
        var options = FastOptions();
        options.ReceiveBufferSize = 4096;
        await using var client = new ReconnectingWebSocket(server.Uri, options);
        client.Start();

        var message = await ReadMessageAsync(client);

        Assert.Equal(big, message.Payload.ToArray());
    }

    [Fact]
    public async Task A_message_over_the_size_limit_closes_with_1009_and_reconnects()
    {
        var big = new byte[10_000];
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.SendFragmentedThenEcho(big, fragmentSize: 1_000));
        var options = FastOptions();
        options.MaxMessageSize = 5_000;
        await using var client = new ReconnectingWebSocket(server.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();

        var disconnected = await events.NextDisconnectedAsync();

        Assert.Equal(WebSocketClosureKind.MessageTooBig, disconnected.Closure.Kind);
        Assert.Equal(1009, disconnected.Closure.Code);
        Assert.True(disconnected.WillReconnect);
        await events.NextConnectedAsync();
        await events.NextConnectedAsync();
    }

    [Fact]
    public async Task Connection_reset_without_a_close_frame_reports_1006_and_reconnects()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        await using var client = new ReconnectingWebSocket(proxy.Uri, FastOptions());
        var events = new RecordedClientEvents(client);
        client.Start();
        await events.NextConnectedAsync();

        proxy.ResetAll();

        var disconnected = await events.NextDisconnectedAsync();
        Assert.Equal(WebSocketClosureKind.Abnormal, disconnected.Closure.Kind);
        Assert.Equal(1006, disconnected.Closure.Code);
        Assert.True(disconnected.Closure.IsAbnormal);
        Assert.True(disconnected.WillReconnect);
        var reconnected = await events.NextConnectedAsync();
        Assert.NotNull(reconnected.Downtime);
        Assert.Equal(1, reconnected.Attempt);
        await client.SendAsync("after reset");
        Assert.Equal("after reset", (await ReadMessageAsync(client)).GetText());
    }

    [Fact]
    public async Task A_black_holed_connection_is_detected_by_the_heartbeat_and_replaced()
    {
        // The server pings often so that a healthy connection is never silent (the .NET 8 watchdog needs traffic).
        await using var server = await LoopbackWebSocketServer.StartEchoAsync(serverPingInterval: TimeSpan.FromMilliseconds(200));
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        var options = FastOptions();
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
        options.HeartbeatTimeout = TimeSpan.FromMilliseconds(500);
        options.SilenceTimeout = TimeSpan.FromSeconds(1);
        await using var client = new ReconnectingWebSocket(proxy.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();
        await events.NextConnectedAsync();

        var stopwatch = Stopwatch.StartNew();
        proxy.BlackHoleAll();
        var disconnected = await events.NextDisconnectedAsync();
        stopwatch.Stop();

        Assert.True(WebSocketClosureKind.KeepAliveTimeout == disconnected.Closure.Kind, $"{disconnected.Closure} {disconnected.Closure.Error}");
        Assert.Equal(1006, disconnected.Closure.Code);
#if NET9_0_OR_GREATER
        var detectionBound = options.HeartbeatInterval + options.HeartbeatTimeout;
#else
        var detectionBound = options.SilenceTimeout * 1.25;
#endif
        Assert.True(stopwatch.Elapsed < detectionBound + TestTimeouts.DeadlineMargin, $"detected after {stopwatch.Elapsed}");
        await events.NextConnectedAsync();
        await client.SendAsync("after black hole");
        Assert.Equal("after black hole", (await ReadMessageAsync(client)).GetText());
    }

    [Fact]
    public async Task StopAsync_returns_within_the_close_timeout_when_the_server_never_answers()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.NeverAnswerAsync);
        var options = FastOptions();
        options.CloseTimeout = TimeSpan.FromMilliseconds(500);
        await using var client = new ReconnectingWebSocket(server.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();
        await events.NextConnectedAsync();

        var stopwatch = Stopwatch.StartNew();
        await client.StopAsync().WaitAsync(TestTimeouts.Step);
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < options.CloseTimeout + TestTimeouts.DeadlineMargin, $"stopped after {stopwatch.Elapsed}");
        var disconnected = await events.NextDisconnectedAsync();
        Assert.False(disconnected.WillReconnect);
        Assert.True(client.Completion.IsCompleted);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task StopAsync_closes_gracefully_when_the_server_answers()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var client = new ReconnectingWebSocket(server.Uri, FastOptions());
        var events = new RecordedClientEvents(client);
        client.Start();
        await events.NextConnectedAsync();

        await client.StopAsync().WaitAsync(TestTimeouts.Step);

        var disconnected = await events.NextDisconnectedAsync();
        Assert.Equal(WebSocketClosureKind.Normal, disconnected.Closure.Kind);
        Assert.Equal(1000, disconnected.Closure.Code);
        Assert.False(disconnected.WillReconnect);
        Assert.True(client.Messages.Completion.IsCompleted);
    }

    [Fact]
    public async Task Server_restart_gives_growing_jittered_delays_and_a_stable_connection_resets_them()
    {
        var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        var options = FastOptions();
        options.Backoff = new ReconnectBackoffOptions
        {
            InitialDelay = TimeSpan.FromMilliseconds(40),
            MaxDelay = TimeSpan.FromMilliseconds(400),
            StabilityWindow = TimeSpan.FromMilliseconds(500),
        };
        await using var client = new ReconnectingWebSocket(proxy.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();
        await events.NextConnectedAsync();

        // The server goes down: existing connections reset, new ones refused.
        proxy.RefuseNewConnections(true);
        proxy.ResetAll();
        await server.DisposeAsync();
        Assert.True((await events.NextDisconnectedAsync()).Closure.IsAbnormal);
        var delays = new TimeSpan[6];
        for (var i = 0; i < delays.Length; i++)
        {
            var reconnecting = await events.NextReconnectingAsync();
            Assert.Equal(i + 1, reconnecting.Attempt);
            var ceiling = TimeSpan.FromMilliseconds(Math.Min(400, 40 * Math.Pow(2, i)));
            Assert.InRange(reconnecting.Delay, TimeSpan.Zero, ceiling);
            delays[i] = reconnecting.Delay;
            if (i > 0)
            {
                Assert.NotNull(reconnecting.ConnectError);
            }
        }

        Assert.True(delays.Distinct().Count() > 1, "jittered delays should differ");
        Assert.True(delays.Skip(3).Max() > delays.Take(1).Max(), "later delays should be able to grow past the first ceiling");

        // The server comes back on a new port; the proxy stands in for the DNS name.
        await using var restarted = await LoopbackWebSocketServer.StartEchoAsync();
        proxy.Target = restarted.EndPoint;
        proxy.RefuseNewConnections(false);
        await events.NextConnectedAsync();

        // A short-lived connection does not reset the counter.
        proxy.ResetAll();
        await events.NextDisconnectedAsync();
        var afterFlap = await events.NextReconnectingAsync();
        Assert.True(afterFlap.Attempt > delays.Length, $"attempt {afterFlap.Attempt} after a flap");
        await events.NextConnectedAsync();

        // One that outlives the stability window does.
        await Task.Delay(options.Backoff.StabilityWindow + TimeSpan.FromMilliseconds(200));
        proxy.ResetAll();
        await events.NextDisconnectedAsync();
        var afterStable = await events.NextReconnectingAsync();
        Assert.Equal(1, afterStable.Attempt);
        await events.NextConnectedAsync();
    }

    [Fact]
    public async Task Messages_sent_while_disconnected_are_delivered_after_reconnect()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        await using var client = new ReconnectingWebSocket(proxy.Uri, FastOptions());
        var events = new RecordedClientEvents(client);
        client.Start();
        await events.NextConnectedAsync();
        proxy.RefuseNewConnections(true);
        proxy.ResetAll();
        await events.NextDisconnectedAsync();
        Assert.False(client.IsConnected);

        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync($"queued {i}");
        }

        proxy.RefuseNewConnections(false);
        await events.NextConnectedAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"queued {i}", (await ReadMessageAsync(client)).GetText());
        }

        Assert.Equal(0, client.DroppedMessageCount);
        Assert.Empty(events.Dropped);
    }

    [Fact]
    public async Task DropOldest_reports_every_message_it_drops()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        proxy.RefuseNewConnections(true);
        var options = FastOptions();
        options.OutboundQueueCapacity = 3;
        options.OutboundQueueFullMode = OutboundQueueFullMode.DropOldest;
        await using var client = new ReconnectingWebSocket(proxy.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();

        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync($"m{i}");
        }

        Assert.Equal(2, client.DroppedMessageCount);
        Assert.Equal(["m0", "m1"], events.Dropped.Select(d => Encoding.UTF8.GetString(d.Payload.Span)));
        Assert.All(events.Dropped, d => Assert.Equal(MessageDropReason.QueueFullDroppedOldest, d.Reason));

        proxy.RefuseNewConnections(false);
        await events.NextConnectedAsync();
        Assert.Equal("m2", (await ReadMessageAsync(client)).GetText());
        Assert.Equal("m3", (await ReadMessageAsync(client)).GetText());
        Assert.Equal("m4", (await ReadMessageAsync(client)).GetText());
    }

    [Fact]
    public async Task Fail_mode_refuses_with_an_exception_and_counts_the_refusal()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        proxy.RefuseNewConnections(true);
        var options = FastOptions();
        options.OutboundQueueCapacity = 2;
        options.OutboundQueueFullMode = OutboundQueueFullMode.Fail;
        await using var client = new ReconnectingWebSocket(proxy.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();

        await client.SendAsync("a");
        await client.SendAsync("b");
        await Assert.ThrowsAsync<OutboundQueueFullException>(async () => await client.SendAsync("c"));

        Assert.Equal(1, client.DroppedMessageCount);
        var dropped = Assert.Single(events.Dropped);
        Assert.Equal(MessageDropReason.QueueFullRejected, dropped.Reason);
        Assert.Equal("c", Encoding.UTF8.GetString(dropped.Payload.Span));
    }

    [Fact]
    public async Task Wait_mode_waits_for_room_until_the_caller_gives_up()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        proxy.RefuseNewConnections(true);
        var options = FastOptions();
        options.OutboundQueueCapacity = 1;
        await using var client = new ReconnectingWebSocket(proxy.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();
        await client.SendAsync("first");

        var waiting = client.SendAsync("second").AsTask();
        Assert.False(waiting.IsCompleted);
        proxy.RefuseNewConnections(false);
        await waiting.WaitAsync(TestTimeouts.Step);

        Assert.Equal("first", (await ReadMessageAsync(client)).GetText());
        Assert.Equal("second", (await ReadMessageAsync(client)).GetText());
        Assert.Equal(0, client.DroppedMessageCount);
    }

    [Fact]
    public async Task Messages_still_queued_at_stop_are_reported_dropped()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        proxy.RefuseNewConnections(true);
        await using var client = new ReconnectingWebSocket(proxy.Uri, FastOptions());
        var events = new RecordedClientEvents(client);
        client.Start();
        await client.SendAsync("x");
        await client.SendAsync("y");

        await client.StopAsync().WaitAsync(TestTimeouts.Step);

        Assert.Equal(2, client.DroppedMessageCount);
        Assert.All(events.Dropped, d => Assert.Equal(MessageDropReason.Stopped, d.Reason));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await client.SendAsync("z"));
    }

    [Fact]
    public async Task Policy_violation_stops_reconnecting()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.CloseWith(WebSocketCloseStatus.PolicyViolation, "banned"));
        await using var client = new ReconnectingWebSocket(server.Uri, FastOptions());
        var events = new RecordedClientEvents(client);
        client.Start();

        var disconnected = await events.NextDisconnectedAsync();
        await client.Completion.WaitAsync(TestTimeouts.Step);

        Assert.Equal(WebSocketClosureKind.PolicyViolation, disconnected.Closure.Kind);
        Assert.Equal(1008, disconnected.Closure.Code);
        Assert.Equal("banned", disconnected.Closure.Description);
        Assert.False(disconnected.WillReconnect);
        Assert.Equal(1, server.ConnectionCount);
        Assert.Empty(events.Reconnects);
        Assert.True(client.Messages.Completion.IsCompleted);
    }

    [Fact]
    public async Task Try_again_later_waits_at_least_the_server_busy_delay()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.CloseWith((WebSocketCloseStatus)1013, "busy"));
        var options = FastOptions();
        options.ServerBusyDelay = TimeSpan.FromMilliseconds(300);
        await using var client = new ReconnectingWebSocket(server.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();

        var disconnected = await events.NextDisconnectedAsync();
        var reconnecting = await events.NextReconnectingAsync();

        Assert.Equal(WebSocketClosureKind.TryAgainLater, disconnected.Closure.Kind);
        Assert.True(disconnected.WillReconnect);
        Assert.True(reconnecting.Delay >= options.ServerBusyDelay, $"waited only {reconnecting.Delay}");
    }

    [Fact]
    public async Task ShouldReconnect_overrides_the_default_decision()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.CloseWith(WebSocketCloseStatus.NormalClosure, "done"));
        var options = FastOptions();
        options.ShouldReconnect = closure => closure.Kind != WebSocketClosureKind.Normal;
        await using var client = new ReconnectingWebSocket(server.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();

        var disconnected = await events.NextDisconnectedAsync();
        await client.Completion.WaitAsync(TestTimeouts.Step);

        Assert.False(disconnected.WillReconnect);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task Max_attempts_ends_the_client_when_the_server_stays_down()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        proxy.RefuseNewConnections(true);
        var options = FastOptions();
        options.Backoff.MaxAttempts = 3;
        await using var client = new ReconnectingWebSocket(proxy.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();
        await client.SendAsync("never sent");

        await client.Completion.WaitAsync(TestTimeouts.Step);

        Assert.Equal(3, events.Reconnects.Count);
        Assert.Equal(4, proxy.AcceptedCount);
        Assert.Equal(1, client.DroppedMessageCount);
    }

    [Fact]
    public async Task A_server_that_never_completes_the_upgrade_hits_the_connect_timeout()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        proxy.BlackHoleNewConnectionsFromStart(true);
        var options = FastOptions();
        options.ConnectTimeout = TimeSpan.FromMilliseconds(300);
        await using var client = new ReconnectingWebSocket(proxy.Uri, options);
        var events = new RecordedClientEvents(client);
        client.Start();

        var reconnecting = await events.NextReconnectingAsync();

        Assert.IsType<TimeoutException>(reconnecting.ConnectError);
        proxy.BlackHoleNewConnectionsFromStart(false);
        await events.NextConnectedAsync();
    }

    [Fact]
    public async Task The_socket_factory_is_called_per_attempt_and_can_change_the_address()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var proxy = FaultInjectingProxy.Start(server.EndPoint);
        var attempts = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var options = FastOptions();
        options.SocketFactory = (request, _) =>
        {
            attempts.Enqueue(request.Attempt);
            request.Uri = new Uri(proxy.Uri, $"?token=t{request.Attempt}");
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("X-Attempt", request.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return ValueTask.FromResult(socket);
        };
        await using var client = new ReconnectingWebSocket(new Uri("ws://127.0.0.1:9/unused"), options);
        var events = new RecordedClientEvents(client);
        client.Start();

        var first = await events.NextConnectedAsync();
        proxy.ResetAll();
        var second = await events.NextConnectedAsync();

        Assert.Equal("?token=t0", first.Uri.Query);
        Assert.Equal("?token=t1", second.Uri.Query);
        Assert.Equal([0, 1], attempts);
    }

    [Fact]
    public async Task Thousands_of_reconnects_do_not_leak()
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(ServerBehaviors.CloseWith(WebSocketCloseStatus.EndpointUnavailable, "bye"));
        var options = FastOptions();
        options.Backoff = new ReconnectBackoffOptions { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };
        await using var client = new ReconnectingWebSocket(server.Uri, options);
        var connections = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Warmup = 100;
        const int Measured = 1000;
        long memoryAfterWarmup = 0;
        var handlesAfterWarmup = 0;
        client.Connected += (_, _) =>
        {
            var count = Interlocked.Increment(ref connections);
            if (count == Warmup)
            {
                memoryAfterWarmup = GC.GetTotalMemory(forceFullCollection: true);
                handlesAfterWarmup = OpenHandleCount();
            }
            else if (count == Warmup + Measured)
            {
                done.TrySetResult();
            }
        };
        client.Start();

        await done.Task.WaitAsync(TimeSpan.FromSeconds(90));
        await client.StopAsync();
        var memoryGrowth = GC.GetTotalMemory(forceFullCollection: true) - memoryAfterWarmup;
        var handleGrowth = OpenHandleCount() - handlesAfterWarmup;

        Assert.True(memoryGrowth < 8 * 1024 * 1024, $"memory grew by {memoryGrowth:N0} bytes over {Measured} reconnects");
        Assert.True(handleGrowth < 50, $"handles grew by {handleGrowth} over {Measured} reconnects");
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

        var client = new ReconnectingWebSocket(new Uri("ws://127.0.0.1:9/"), FastOptions());
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
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var client = new ReconnectingWebSocket(server.Uri, FastOptions());
        client.Start();

        Assert.Throws<InvalidOperationException>(client.Start);
    }

    [Fact]
    public async Task A_throwing_event_handler_does_not_break_the_client()
    {
        await using var server = await LoopbackWebSocketServer.StartEchoAsync();
        await using var client = new ReconnectingWebSocket(server.Uri, FastOptions());
        client.Connected += (_, _) => throw new InvalidOperationException("handler bug");
        client.Start();

        await client.SendAsync("still works");

        Assert.Equal("still works", (await ReadMessageAsync(client)).GetText());
    }

    private static int OpenHandleCount()
    {
        using var process = Process.GetCurrentProcess();
        var count = process.HandleCount;
        Assert.True(count > 0, "the platform reports no handle count");
        return count;
    }

    private static async Task<WebSocketMessage> ReadMessageAsync(ReconnectingWebSocket client)
    {
        using var timeout = TestTimeouts.StepSource();
        return await client.Messages.ReadAsync(timeout.Token);
    }
}
