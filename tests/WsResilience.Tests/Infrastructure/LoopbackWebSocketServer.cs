using System;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WsResilience.Tests.Infrastructure;

/// <summary>
/// A Kestrel WebSocket server on 127.0.0.1 with a port the OS picks. Each accepted socket is handed
/// to the test's handler; the server counts connections so tests can wait for reconnects.
/// </summary>
internal sealed class LoopbackWebSocketServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connectionCount;
    private int _upgradeRequestCount;

    private LoopbackWebSocketServer(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    /// <summary>The ws:// address of the server.</summary>
    public Uri Uri { get; }

    /// <summary>The TCP endpoint, for a proxy to forward to.</summary>
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Uri.Port);

    /// <summary>How many WebSocket connections were accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>How many upgrade requests arrived, refused ones included.</summary>
    public int UpgradeRequestCount => Volatile.Read(ref _upgradeRequestCount);

    public static async Task<LoopbackWebSocketServer> StartAsync(
        Func<WebSocket, CancellationToken, Task> handler,
        TimeSpan? serverPingInterval = null,
        Func<HttpResponse, bool>? refuseUpgrade = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();

        // Off unless asked for: the server's own pings would muddy tests that want a silent peer.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = serverPingInterval ?? TimeSpan.Zero });
        LoopbackWebSocketServer? server = null;
        app.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            Interlocked.Increment(ref server!._upgradeRequestCount);
            if (refuseUpgrade?.Invoke(context.Response) == true)
            {
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            Interlocked.Increment(ref server!._connectionCount);
            try
            {
                await handler(socket, context.RequestAborted);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or System.IO.IOException)
            {
                // The tests break connections on purpose; a broken server-side socket is expected.
            }
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var boundPort = new Uri(address).Port;
        server = new LoopbackWebSocketServer(app, new Uri($"ws://127.0.0.1:{boundPort}/"));
        return server;
    }

    /// <summary>Echoes every message and answers the close handshake.</summary>
    public static Task<LoopbackWebSocketServer> StartEchoAsync(TimeSpan? serverPingInterval = null) => StartAsync(ServerBehaviors.EchoAsync, serverPingInterval);

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
