using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

/// <summary>
/// What a <see cref="ReconnectingWebSocket.Connected"/> handler sends (authentication, re-subscription) is what
/// the server must see first on the new connection, ahead of a backlog queued while the client was disconnected.
/// </summary>
public sealed class ConnectedHandlerSendTests
{
    [Fact]
    public async Task A_message_sent_from_the_Connected_handler_goes_out_before_the_backlog()
    {
        var received = new ConcurrentQueue<string>();
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.RecordInto(received), refuseConnections: true);
        h.Client.Connected += (_, _) => _ = h.Client.SendAsync("auth").AsTask();
        for (var i = 0; i < 10; i++)
        {
            await h.Client.SendAsync($"b{i}");
        }

        await h.Events.NextReconnectingAsync();
        h.Proxy.RefuseNewConnections(false);
        await h.Events.NextConnectedAsync();
        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);

        Assert.Equal(["auth", .. Enumerable.Range(0, 10).Select(i => $"b{i}")], received);
        Assert.Equal((11, 0), (h.Client.SentMessageCount, h.Client.DroppedMessageCount));
    }
}
