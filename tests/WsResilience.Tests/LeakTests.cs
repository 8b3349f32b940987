using System;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.Tests;

[Collection(RunsAlone.Name)]
public sealed class LeakTests
{
    [Fact]
    public async Task Thousands_of_reconnects_do_not_leak()
    {
        await using var h = await ClientHarness.StartAsync(
            ServerBehaviors.CloseWith(WebSocketCloseStatus.EndpointUnavailable, "bye"),
            o => o.Backoff = new ReconnectBackoffOptions { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
            start: false);
        var connections = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Warmup = 100;
        const int Measured = 1000;
        long memoryAfterWarmup = 0;
        var handlesAfterWarmup = 0;
        h.Client.Connected += (_, _) =>
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
        h.Client.Start();

        await done.Task.WaitAsync(TimeSpan.FromSeconds(90));
        await h.Client.StopAsync();
        var memoryGrowth = GC.GetTotalMemory(forceFullCollection: true) - memoryAfterWarmup;
        var handleGrowth = OpenHandleCount() - handlesAfterWarmup;

        Assert.True(memoryGrowth < 8 * 1024 * 1024, $"memory grew by {memoryGrowth:N0} bytes over {Measured} reconnects");
        Assert.True(handleGrowth < 50, $"handles grew by {handleGrowth} over {Measured} reconnects");
    }

    private static int OpenHandleCount()
    {
        using var process = Process.GetCurrentProcess();
        var count = process.HandleCount;
        Assert.True(count > 0, "the platform reports no handle count");
        return count;
    }
}
