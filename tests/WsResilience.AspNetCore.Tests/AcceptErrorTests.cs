using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using WsResilience.AspNetCore.Tests.Infrastructure;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests;

public class AcceptErrorTests
{
    [Fact]
    public async Task A_request_that_is_not_a_WebSocket_request_gets_a_clear_error()
    {
        var error = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TrackedServer.StartWithHandlerAsync(context => CaptureAcceptErrorAsync(context, error));
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.HttpUri, "chat"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            "AcceptTrackedWebSocketAsync was called for a request that is not a WebSocket request (GET /chat): check context.WebSockets.IsWebSocketRequest first, and call app.UseWebSockets() before the endpoint.",
            await error.Task.WaitAsync(TestTimeouts.Step));
        Assert.Equal(0, server.Tracker.ActiveCount);
    }

    [Fact]
    public async Task Accepting_without_AddWebSocketTracking_names_the_missing_call()
    {
        var error = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TrackedServer.StartWithHandlerAsync(context => CaptureAcceptErrorAsync(context, error), addTracking: false);

        await Assert.ThrowsAnyAsync<Exception>(() => Sessions.ConnectAsync(server.Uri));

        Assert.Equal(
            "AcceptTrackedWebSocketAsync needs WebSocket tracking: call builder.Services.AddWebSocketTracking() when configuring the services.",
            await error.Task.WaitAsync(TestTimeouts.Step));
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_naming_each_one()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => TrackedServer.StartAsync(
            Sessions.EchoUntilClosedAsync,
            options =>
            {
                options.KeepAliveInterval = TimeSpan.Zero;
                options.AllowedOrigins.Add("https://app.example.com/chat");
            }));

        Assert.Equal(
            [
                "KeepAliveInterval must be positive and finite; it is 00:00:00.",
                "AllowedOrigins holds 'https://app.example.com/chat', which is not an origin (scheme://host[:port]).",
            ],
            failure.Failures);
    }

    private static async Task CaptureAcceptErrorAsync(HttpContext context, TaskCompletionSource<string> error)
    {
        try
        {
            await context.AcceptTrackedWebSocketAsync();
            error.SetResult("no error");
        }
        catch (InvalidOperationException exception)
        {
            error.SetResult(exception.Message);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
