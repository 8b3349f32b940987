using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

public sealed class MessageDroppedReentrancyTests
{
    [Fact]
    public async Task Resending_from_a_MessageDropped_handler_never_nests_handlers()
    {
        await using var h = await ClientHarness.StartAsync(
            configure: o =>
            {
                o.OutboundQueueCapacity = 2;
                o.OutboundQueueFullMode = OutboundQueueFullMode.DropOldest;
            },
            refuseConnections: true,
            start: false);
        var resent = new ConcurrentDictionary<string, bool>();
        var order = new ConcurrentQueue<string>();
        // Nesting is a handler raised on the stack of another: counted per thread. The drops a handler's own send
        // pushes out are raised later on the pool, which may overlap the end of that handler on its thread.
        using var depth = new ThreadLocal<int>();
        var deepest = 0;
        var fourDrops = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.MessageDropped += (_, e) =>
        {
            var level = ++depth.Value;
            InterlockedMax(ref deepest, level);
            var text = Encoding.UTF8.GetString(e.Payload.Span);
            order.Enqueue(text);

            // The pattern the docs invite: give a dropped message one more chance.
            if (resent.TryAdd(text, true))
            {
                h.Client.SendAsync(e.Payload, e.Type).AsTask().GetAwaiter().GetResult();
            }

            depth.Value--;
            if (order.Count == 4)
            {
                fourDrops.TrySetResult();
            }
        };
        h.Client.Start();
        await h.Client.SendAsync("m0");
        await h.Client.SendAsync("m1");

        await h.Client.SendAsync("m2").AsTask().WaitAsync(TestTimeouts.Step);
        await fourDrops.Task.WaitAsync(TestTimeouts.Step);

        Assert.Equal(1, deepest);
        Assert.Equal(["m0", "m1", "m2", "m0"], order);
        Assert.Equal(4, h.Client.DroppedMessageCount);
        h.Proxy.RefuseNewConnections(false);
        await h.Events.NextConnectedAsync();
        Assert.Equal("m1", await h.ReadTextAsync());
        Assert.Equal("m2", await h.ReadTextAsync());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
