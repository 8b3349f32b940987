using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace WsResilience.Tests.Infrastructure;

/// <summary>
/// One loopback server, optionally a fault-injecting proxy in front of it, and a <see cref="ReconnectingWebSocket"/>
/// pointed at whichever comes first, with its events recorded: the setup nearly every client test needs.
/// </summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    private readonly FaultInjectingProxy? _proxy;

    private ClientHarness(LoopbackWebSocketServer server, FaultInjectingProxy? proxy, ReconnectingWebSocket client, ReconnectingWebSocketOptions options)
    {
        Server = server;
        _proxy = proxy;
        Client = client;
        Options = options;
        Events = new RecordedClientEvents(client);
    }

    public LoopbackWebSocketServer Server { get; }

    /// <summary>The proxy between client and server; present when the test asked for one.</summary>
    public FaultInjectingProxy Proxy => _proxy ?? throw new InvalidOperationException("This harness was created without a proxy.");

    public ReconnectingWebSocket Client { get; }

    /// <summary>The options the client was created with (the client keeps its own copy).</summary>
    public ReconnectingWebSocketOptions Options { get; }

    public RecordedClientEvents Events { get; }

    /// <summary>
    /// Fast backoff (20 ms doubling to 200 ms, seeded jitter) and short close timeouts, so a test with a
    /// reconnect or a stop takes milliseconds.
    /// </summary>
    public static ReconnectingWebSocketOptions FastOptions() => new()
    {
        Backoff = new ReconnectBackoffOptions
        {
            InitialDelay = TimeSpan.FromMilliseconds(20),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            StabilityWindow = TimeSpan.FromSeconds(30),
        },
        ConnectTimeout = TimeSpan.FromSeconds(5),
        CloseTimeout = TimeSpan.FromSeconds(1),
        Random = new Random(1234),
    };

    /// <summary>Starts the server (echo unless <paramref name="behavior"/> says otherwise), the proxy, and the client.</summary>
    /// <param name="behavior">What the server does with each connection.</param>
    /// <param name="configure">Changes to <see cref="FastOptions"/>.</param>
    /// <param name="proxy">Whether the client connects through a <see cref="FaultInjectingProxy"/>.</param>
    /// <param name="refuseConnections">Whether the proxy refuses connections until the test allows them (implies a proxy).</param>
    /// <param name="serverPingInterval">The server's keep-alive pings; off by default.</param>
    /// <param name="start">Whether to call <see cref="ReconnectingWebSocket.Start"/>.</param>
    /// <param name="refuseUpgrade">Answers an upgrade request instead of accepting it when it returns <see langword="true"/>.</param>
    public static async Task<ClientHarness> StartAsync(
        Func<WebSocket, CancellationToken, Task>? behavior = null,
        Action<ReconnectingWebSocketOptions>? configure = null,
        bool proxy = false,
        bool refuseConnections = false,
        TimeSpan? serverPingInterval = null,
        bool start = true,
        Func<Microsoft.AspNetCore.Http.HttpResponse, bool>? refuseUpgrade = null)
    {
        var server = await LoopbackWebSocketServer.StartAsync(behavior ?? ServerBehaviors.EchoAsync, serverPingInterval, refuseUpgrade);
        FaultInjectingProxy? faults = null;
        if (proxy || refuseConnections)
        {
            faults = FaultInjectingProxy.Start(server.EndPoint);
            faults.RefuseNewConnections(refuseConnections);
        }

        var options = FastOptions();
        configure?.Invoke(options);
        var client = new ReconnectingWebSocket(faults?.Uri ?? server.Uri, options);
        var harness = new ClientHarness(server, faults, client, options);
        if (start)
        {
            client.Start();
        }

        return harness;
    }

    /// <summary>The next received message, or a <see cref="TimeoutException"/> after <see cref="TestTimeouts.Step"/>.</summary>
    public async Task<WebSocketMessage> ReadMessageAsync()
    {
        using var timeout = TestTimeouts.StepSource();
        try
        {
            return await Client.Messages.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No message within {TestTimeouts.Step}.");
        }
    }

    /// <summary>The text of the next received message.</summary>
    public async Task<string> ReadTextAsync() => (await ReadMessageAsync()).GetText();

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        if (_proxy is { } proxy)
        {
            await proxy.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}
