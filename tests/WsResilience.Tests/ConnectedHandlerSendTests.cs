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

    [Fact]
    public async Task A_handler_message_its_connection_could_not_carry_is_dropped_not_carried_to_the_next_connection()
    {
        var received = new ConcurrentQueue<string>();
        var sockets = new ConcurrentQueue<System.Net.WebSockets.ClientWebSocket>();
        await using var h = await ClientHarness.StartAsync(
            ServerBehaviors.RecordInto(received),
            configure: o => o.SocketFactory = (_, _) =>
            {
                var socket = new System.Net.WebSockets.ClientWebSocket();
                sockets.Enqueue(socket);
                return ValueTask.FromResult(socket);
            },
            start: false);
        h.Client.Connected += (_, e) =>
        {
            _ = h.Client.SendAsync($"auth{e.Attempt}").AsTask();
            if (e.Attempt == 0)
            {
                // The first connection dies before its send loop runs: "auth0" can never go out on it.
                sockets.First().Abort();
            }
        };
        h.Client.Start();
        await h.Events.NextConnectedAsync();
        var second = await h.Events.NextConnectedAsync();
        await h.Client.StopAsync().WaitAsync(TestTimeouts.Step);

        var dropped = Assert.Single(h.Events.Dropped);
        Assert.Equal(("auth0", MessageDropReason.ConnectionEnded), (System.Text.Encoding.UTF8.GetString(dropped.Payload.Span), dropped.Reason));
        Assert.Equal(1, second.Attempt);
        Assert.Equal(["auth1"], received);
        Assert.Equal((1, 1), (h.Client.SentMessageCount, h.Client.DroppedMessageCount));
    }
}
