using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

public sealed class RetryPolicyTests
{
    private static Func<HttpResponse, bool> Refuse(int status, string? retryAfter = null, int times = int.MaxValue)
    {
        var refused = 0;
        return response =>
        {
            if (Interlocked.Increment(ref refused) > times)
            {
                return false;
            }

            response.StatusCode = status;
            if (retryAfter is not null)
            {
                response.Headers.RetryAfter = retryAfter;
            }

            return true;
        };
    }

    private static ValueTask<ClientWebSocket> FreshSocket(WebSocketConnectionRequest request, CancellationToken cancellationToken)
        => ValueTask.FromResult(new ClientWebSocket());

    [Fact]
    public async Task A_refused_upgrade_waits_its_Retry_After_and_the_policy_sees_status_and_delay()
    {
        var time = new FakeTimeProvider();
        var contexts = new ConcurrentQueue<ReconnectContext>();
        await using var h = await ClientHarness.StartAsync(
            configure: o =>
            {
                o.TimeProvider = time;
                o.ReconnectPolicy = context =>
                {
                    contexts.Enqueue(context);
                    return context.DefaultDecision;
                };
            },
            refuseUpgrade: Refuse(StatusCodes.Status503ServiceUnavailable, retryAfter: "120", times: 1));

        var reconnecting = await h.Events.NextReconnectingAsync();
        Assert.Equal(TimeSpan.FromSeconds(120), reconnecting.Delay);
        time.Advance(TimeSpan.FromSeconds(120));
        await h.Events.NextConnectedAsync();

        var context = Assert.Single(contexts);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, context.HttpStatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), context.RetryAfter);
        Assert.Equal(ReconnectDecision.RetryAfter(TimeSpan.FromSeconds(120)), context.DefaultDecision);
        Assert.Equal((1, 0), (context.Attempt, context.ConsecutiveAuthFailures));
        Assert.IsType<WebSocketException>(context.ConnectError);
        Assert.Null(context.Closure);
    }

    [Fact]
    public async Task Unauthorized_stops_at_once_when_nothing_can_refresh_the_credentials()
    {
        await using var h = await ClientHarness.StartAsync(refuseUpgrade: Refuse(StatusCodes.Status401Unauthorized, retryAfter: "120"));

        var error = await Assert.ThrowsAsync<ReconnectGaveUpException>(() => h.Client.Completion.WaitAsync(TestTimeouts.Step));

        Assert.Equal("The server refused the upgrade with 401 Unauthorized; the client does not retry it.", error.Message);
        Assert.Equal(1, h.Server.UpgradeRequestCount);
        Assert.Empty(h.Events.Reconnects);
    }

    [Fact]
    public async Task Unauthorized_is_retried_once_so_the_factory_can_refresh_the_credentials()
    {
        var factoryCalls = 0;
        await using var h = await ClientHarness.StartAsync(
            configure: o => o.SocketFactory = (request, token) =>
            {
                Interlocked.Increment(ref factoryCalls);
                return FreshSocket(request, token);
            },
            refuseUpgrade: Refuse(StatusCodes.Status403Forbidden));

        var error = await Assert.ThrowsAsync<ReconnectGaveUpException>(() => h.Client.Completion.WaitAsync(TestTimeouts.Step));

        Assert.Equal("The server refused the upgrade with 403 Forbidden; the client does not retry it.", error.Message);
        Assert.Equal((2, 2), (factoryCalls, h.Server.UpgradeRequestCount));
        Assert.Single(h.Events.Reconnects);
    }

    [Fact]
    public async Task A_policy_violation_close_is_retried_once_when_the_factory_can_refresh_the_credentials()
    {
        await using var h = await ClientHarness.StartAsync(
            ServerBehaviors.CloseWith(WebSocketCloseStatus.PolicyViolation, "token expired"),
            o => o.SocketFactory = FreshSocket);

        var first = await h.Events.NextDisconnectedAsync();
        var second = await h.Events.NextDisconnectedAsync();
        var error = await Assert.ThrowsAsync<ReconnectGaveUpException>(() => h.Client.Completion.WaitAsync(TestTimeouts.Step));

        Assert.Equal((true, false), (first.WillReconnect, second.WillReconnect));
        Assert.Equal(2, h.Server.ConnectionCount);
        Assert.Equal(1008, error.LastClosure?.Code);
    }

    [Fact]
    public async Task The_policy_decides_for_failed_attempts_too()
    {
        await using var h = await ClientHarness.StartAsync(
            configure: o => o.ReconnectPolicy = context => context.HttpStatusCode == HttpStatusCode.BadGateway
                ? ReconnectDecision.Stop("gateway gone")
                : context.DefaultDecision,
            refuseUpgrade: Refuse(StatusCodes.Status502BadGateway));

        var error = await Assert.ThrowsAsync<ReconnectGaveUpException>(() => h.Client.Completion.WaitAsync(TestTimeouts.Step));

        Assert.Equal("gateway gone", error.Message);
        Assert.Equal(1, h.Server.UpgradeRequestCount);
    }
}
