using System.Threading.Tasks;
using WsResilience.AspNetCore.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests;

public class SubProtocolTests
{
    [Fact]
    public async Task The_configured_sub_protocol_is_accepted_when_the_client_offers_it()
    {
        await using var server = await TrackedServer.StartAsync(Sessions.EchoUntilClosedAsync, options => options.SubProtocol = "chat.v1");
        using var client = await Sessions.ConnectAsync(server.Uri, options => options.AddSubProtocol("chat.v1"));

        Assert.Equal("chat.v1", client.SubProtocol);
    }

    [Fact]
    public async Task A_client_that_offers_no_sub_protocol_is_accepted_without_one()
    {
        await using var server = await TrackedServer.StartAsync(Sessions.EchoUntilClosedAsync, options => options.SubProtocol = "chat.v1");
        using var client = await Sessions.ConnectAsync(server.Uri);

        Assert.Null(client.SubProtocol);
    }

    [Fact]
    public async Task The_argument_wins_over_the_option()
    {
        await using var server = await TrackedServer.StartWithHandlerAsync(
            async context => await Sessions.EchoUntilClosedAsync(await context.AcceptTrackedWebSocketAsync("chat.v2")),
            options => options.SubProtocol = "chat.v1");
        using var client = await Sessions.ConnectAsync(server.Uri, options =>
        {
            options.AddSubProtocol("chat.v1");
            options.AddSubProtocol("chat.v2");
        });

        Assert.Equal("chat.v2", client.SubProtocol);
    }
}
