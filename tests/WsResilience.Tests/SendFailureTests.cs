using System;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

/// <summary>A send that cannot be queued fails its task, not the call: callers that store the task see the error where they await it.</summary>
public sealed class SendFailureTests
{
    [Fact]
    public async Task Sending_on_a_stopped_client_fails_the_returned_task()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.Events.NextConnectedAsync();
        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);

        var sending = h.Client.SendAsync("too late");

        Assert.True(sending.IsFaulted);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sending.AsTask());
        Assert.Equal("The client has stopped; the message was not queued.", error.Message);
    }

    [Fact]
    public async Task A_full_queue_in_Fail_mode_fails_the_returned_task()
    {
        await using var h = await ClientHarness.StartAsync(
            configure: o =>
            {
                o.OutboundQueueCapacity = 1;
                o.OutboundQueueFullMode = OutboundQueueFullMode.Fail;
            },
            refuseConnections: true);
        await h.Client.SendAsync("fits");

        var sending = h.Client.SendAsync("does not fit");

        Assert.True(sending.IsFaulted);
        var error = await Assert.ThrowsAsync<OutboundQueueFullException>(() => sending.AsTask());
        Assert.Equal("The outbound queue is full (1 messages); the message was not queued.", error.Message);
    }
}
