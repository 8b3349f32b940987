using System;
using System.Net.WebSockets;
using System.Threading.Tasks;
using WsResilience.AspNetCore.Tests.Infrastructure;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests;

[Collection(RunsAlone.Name)]
public class TrackerLeakTests
{
    private const int Cycles = 10_000;
    private const int Warmup = 200;
    private const long AllowedHeapGrowth = 4 * 1024 * 1024;

    [Fact]
    public async Task The_tracker_and_the_heap_stay_flat_over_many_connect_disconnect_cycles()
    {
        await using var server = await TrackedServer.StartAsync(Sessions.EchoUntilClosedAsync);
        // The meter listener keeps every measurement; the cycles would fill it, which is the test's memory, not the server's.
        server.Metrics.Dispose();
        await CycleAsync(server.Uri, Warmup);
        var before = SettledHeap(server);

        await CycleAsync(server.Uri, Cycles);
        var after = SettledHeap(server);

        Assert.Equal(0, server.Tracker.ActiveCount);
        Assert.Equal(0, server.Tracker.RegisteredCount);
        Assert.True(after - before < AllowedHeapGrowth, $"The heap grew by {after - before:N0} bytes over {Cycles:N0} cycles ({before:N0} -> {after:N0}).");
    }

    private static async Task CycleAsync(Uri uri, int count)
    {
        // Four clients at a time: the cycles finish sooner, and the tracker sees concurrent adds and removes.
        const int Parallel = 4;
        var workers = new Task[Parallel];
        for (var w = 0; w < Parallel; w++)
        {
            var share = count / Parallel + (w < count % Parallel ? 1 : 0);
            workers[w] = Task.Run(async () =>
            {
                for (var i = 0; i < share; i++)
                {
                    using var client = await Sessions.ConnectAsync(uri);
                    using var timeout = TestTimeouts.StepSource();
                    await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                }
            });
        }

        await Task.WhenAll(workers);
    }

    private static long SettledHeap(TrackedServer server)
    {
        // The captured log entries (two per cycle) are the test's memory too.
        server.Log.Entries.Clear();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
