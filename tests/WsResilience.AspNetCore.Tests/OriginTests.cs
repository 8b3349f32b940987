using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsResilience.AspNetCore.Tests.Infrastructure;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests;

public class OriginTests
{
    private static Task<TrackedServer> StartAsync() =>
        TrackedServer.StartAsync(Sessions.EchoUntilClosedAsync, options => options.AllowedOrigins.Add("https://app.example.com"));

    [Fact]
    public async Task A_disallowed_origin_gets_403_and_no_socket()
    {
        await using var server = await StartAsync();
        using var client = new ClientWebSocket();
        client.Options.SetRequestHeader("Origin", "https://evil.example.net");
        client.Options.CollectHttpResponseDetails = true;

        using var timeout = TestTimeouts.StepSource();
        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(server.Uri, timeout.Token));

        Assert.Equal(HttpStatusCode.Forbidden, client.HttpStatusCode);
        Assert.Empty(server.Metrics.Of(MetricsRecorder.Accepted));
        var rejected = Assert.Single(server.Log.Entries);
        Assert.Equal(105, rejected.EventId.Id);
        Assert.Equal(LogLevel.Warning, rejected.Level);
        Assert.Equal("WebSocket request on / refused with 403: origin https://evil.example.net is not allowed", rejected.Message);
    }

    [Theory]
    [InlineData("https://app.example.com")]
    [InlineData("HTTPS://App.Example.com/")]
    public async Task An_allowed_origin_gets_101(string origin)
    {
        await using var server = await StartAsync();
        using var client = await Sessions.ConnectAsync(server.Uri, options =>
        {
            options.SetRequestHeader("Origin", origin);
            options.CollectHttpResponseDetails = true;
        });

        Assert.Equal(HttpStatusCode.SwitchingProtocols, client.HttpStatusCode);
        await server.Metrics.WaitForAcceptedAsync(1);
        Assert.Equal(1, server.Metrics.Sum(MetricsRecorder.Accepted));
    }

    [Fact]
    public async Task A_request_without_an_origin_header_is_not_a_browser_and_gets_101()
    {
        await using var server = await StartAsync();
        using var client = await Sessions.ConnectAsync(server.Uri, options => options.CollectHttpResponseDetails = true);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, client.HttpStatusCode);
    }

    [Fact]
    public async Task Plain_HTTP_requests_are_not_checked()
    {
        await using var server = await TrackedServer.StartWithHandlerAsync(
            context => context.Response.WriteAsync("plain"),
            options => options.AllowedOrigins.Add("https://app.example.com"));
        using var http = new System.Net.Http.HttpClient();
        using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, server.HttpUri);
        request.Headers.Add("Origin", "https://evil.example.net");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("plain", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(server.Log.Entries, e => e.EventId.Id == 105);
    }
}
