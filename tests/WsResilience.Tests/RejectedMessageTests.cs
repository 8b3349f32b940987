using System.Linq;
using System.Net.WebSockets;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

public sealed class RejectedMessageTests
{
    [Fact]
    public async Task A_message_the_server_always_rejects_is_dropped_after_its_attempts_and_the_queue_flows()
    {
        const int Limit = 64 * 1024;
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.RejectOver(Limit), o => o.MaxSendAttempts = 3);
        await h.Events.NextConnectedAsync();
        var big = new byte[16 * 1024 * 1024];

        await h.Client.SendAsync(big, WebSocketMessageType.Binary);
        await h.Client.SendAsync("behind it");

        Assert.Equal("behind it", await h.ReadTextAsync());
        var dropped = Assert.Single(h.Events.Dropped);
        Assert.Equal(MessageDropReason.Rejected, dropped.Reason);
        Assert.Equal(big.Length, dropped.Payload.Length);
        Assert.Equal((1, 1), (h.Client.SentMessageCount, h.Client.DroppedMessageCount));
        Assert.Equal(4, h.Server.ConnectionCount);
        var closures = new[] { await h.Events.NextDisconnectedAsync(), await h.Events.NextDisconnectedAsync(), await h.Events.NextDisconnectedAsync() };
        Assert.All(closures, d => Assert.True(d.WillReconnect));
    }
}
