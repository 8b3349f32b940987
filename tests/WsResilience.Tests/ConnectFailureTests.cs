using System;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

// ApplicationException is what user factories throw in the wild, and what once ended the client.
#pragma warning disable CA2201

public sealed class ConnectFailureTests
{
    public static TheoryData<Exception> FactoryFailures() => new()
    {
        new ApplicationException("token service down"),
        new SocketException((int)SocketError.HostNotFound),
        new TimeoutException("token service slow"),
    };

    [Theory]
    [MemberData(nameof(FactoryFailures))]
    public async Task A_factory_that_throws_is_retried_with_backoff(Exception failure)
    {
        var calls = 0;
        Uri? target = null;
        await using var h = await ClientHarness.StartAsync(
            configure: o => o.SocketFactory = (request, _) =>
            {
                if (Interlocked.Increment(ref calls) <= 2)
                {
                    throw failure;
                }

                request.Uri = target!;
                return ValueTask.FromResult(new ClientWebSocket());
            },
            start: false);
        target = h.Server.Uri;
        h.Client.Start();

        var first = await h.Events.NextReconnectingAsync();
        var second = await h.Events.NextReconnectingAsync();
        var connected = await h.Events.NextConnectedAsync();

        Assert.Same(failure, first.ConnectError);
        Assert.Same(failure, second.ConnectError);
        Assert.Equal((1, 2), (first.Attempt, second.Attempt));
        Assert.Equal(2, connected.Attempt);
        Assert.Equal(3, calls);
        Assert.False(h.Client.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_factory_that_produces_an_http_address_is_retried_and_reported()
    {
        var calls = 0;
        Uri? target = null;
        await using var h = await ClientHarness.StartAsync(
            configure: o => o.SocketFactory = (request, _) =>
            {
                request.Uri = Interlocked.Increment(ref calls) == 1 ? new Uri("http://127.0.0.1:9/") : target!;
                return ValueTask.FromResult(new ClientWebSocket());
            },
            start: false);
        target = h.Server.Uri;
        h.Client.Start();

        var reconnecting = await h.Events.NextReconnectingAsync();
        await h.Events.NextConnectedAsync();

        Assert.IsType<ArgumentException>(reconnecting.ConnectError);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Giving_up_after_the_last_attempt_faults_Completion_with_the_reason()
    {
        var failure = new ApplicationException("token service down");
        await using var h = await ClientHarness.StartAsync(configure: o =>
        {
            o.Backoff.MaxAttempts = 2;
            o.SocketFactory = (_, _) => throw failure;
        });

        var error = await Assert.ThrowsAsync<ReconnectGaveUpException>(() => h.Client.Completion.WaitAsync(TestTimeouts.Step));

        Assert.Same(failure, error.InnerException);
        Assert.Null(error.LastClosure);
        Assert.Equal(2, h.Events.Reconnects.Count);
        Assert.Equal("All 2 reconnect attempts failed.", error.Message);
        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);
    }

    [Fact]
    public async Task A_non_retryable_closure_faults_Completion_with_the_closure()
    {
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.CloseWith(WebSocketCloseStatus.PolicyViolation, "banned"));

        var error = await Assert.ThrowsAsync<ReconnectGaveUpException>(() => h.Client.Completion.WaitAsync(TestTimeouts.Step));

        Assert.Equal(1008, error.LastClosure?.Code);
        Assert.Equal("The connection ended with 1008 PolicyViolation: banned; the client does not retry it.", error.Message);
    }

    [Fact]
    public async Task StopAsync_completes_Completion_without_an_error()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.Events.NextConnectedAsync();

        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);

        Assert.True(h.Client.Completion.IsCompletedSuccessfully);
    }
}
