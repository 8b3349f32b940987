using System.Linq;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

public sealed class InboundQueueTests
{
    private const int Sent = 50;
    private const int Capacity = 10;

    [Fact]
    public async Task DropOldest_keeps_the_newest_messages_and_counts_the_rest()
    {
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.SendThenClose(Sent), o =>
        {
            o.InboundQueueCapacity = Capacity;
            o.InboundQueueFullMode = InboundQueueFullMode.DropOldest;
            o.ShouldReconnect = _ => false;
        });

        // The close follows the last message, so by now every message went through the queue.
        await h.Events.NextDisconnectedAsync();

        Assert.Equal(Capacity, h.Client.Messages.Count);
        Assert.Equal(Sent - Capacity, h.Client.DroppedReceivedMessageCount);
        var kept = new System.Collections.Generic.List<string>();
        await foreach (var message in h.Client.ReadAllAsync())
        {
            kept.Add(message.GetText());
        }

        Assert.Equal(Enumerable.Range(Sent - Capacity, Capacity).Select(i => $"m{i}"), kept);
    }

    [Fact]
    public async Task Wait_holds_at_most_the_capacity_and_loses_nothing()
    {
        await using var h = await ClientHarness.StartAsync(ServerBehaviors.SendThenClose(Sent), o =>
        {
            o.InboundQueueCapacity = Capacity;
            o.ShouldReconnect = _ => false;
        });
        await h.Events.NextConnectedAsync();

        for (var i = 0; i < Sent; i++)
        {
            Assert.InRange(h.Client.Messages.Count, 0, Capacity);
            Assert.Equal($"m{i}", await h.ReadTextAsync());
        }

        var disconnected = await h.Events.NextDisconnectedAsync();
        Assert.Equal(1000, disconnected.Closure.Code);
        Assert.Equal(0, h.Client.DroppedReceivedMessageCount);
    }
}
