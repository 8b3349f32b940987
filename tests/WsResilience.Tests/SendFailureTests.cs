using System;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

/// <summary>
/// A send that cannot be queued fails its task, not the call: callers that store the task see the error where they
/// await it. The Fail-mode refusal is checked the same way in ReconnectingWebSocketTests.
/// </summary>
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
}
