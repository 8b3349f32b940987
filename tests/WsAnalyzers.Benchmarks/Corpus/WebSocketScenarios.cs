using System;
using System.Collections.Immutable;

namespace WsAnalyzers.Benchmarks.Corpus;

/// <summary>
/// A piece of WebSocket code and the diagnostics the rules, as specified in their issues, must report on it.
/// Each scenario isolates its anti-patterns so that one does not trip another rule: sockets are passed in
/// where creation is not the point (WS0001 looks only at creation sites), catches log where swallowing is
/// not the point (WS0004), and reconnect loops use a fresh, fully configured socket and a jittered,
/// growing delay unless the loop itself is the anti-pattern (WS0002, WS0005).
/// </summary>
internal sealed record WebSocketScenario(string Name, ImmutableDictionary<string, int> ExpectedDiagnostics, Func<string, string> Write);

internal static class WebSocketScenarios
{
    public const string Usings = """
        using System.Net.WebSockets;
        """;

    public static readonly ImmutableArray<WebSocketScenario> All = ImmutableArray.Create(
        new WebSocketScenario("Close after a failed heartbeat and in a WebSocketException catch", Expect(("WS0003", 2)), HeartbeatAndCatchClose),
        new WebSocketScenario("Resilient reconnect loop (nothing to report)", Expect(), ResilientReconnect),
        new WebSocketScenario("Reconnect loop with a fixed delay", Expect(("WS0002", 1)), FixedDelayReconnect),
        new WebSocketScenario("Reconnect loop reusing one ClientWebSocket", Expect(("WS0005", 1)), ReusedSocketReconnect),
        new WebSocketScenario("ClientWebSocket without KeepAliveTimeout", Expect(("WS0001", 1)), NoDeadPeerDetection),
        new WebSocketScenario("Echo server swallowing WebSocketException", Expect(("WS0004", 1)), SwallowedClosureServer),
        new WebSocketScenario("Waiting for close status 1006; unguarded CloseStatus.Value", Expect(("WS0004", 2)), CloseStatusChecks));

    private static ImmutableDictionary<string, int> Expect(params (string RuleId, int Count)[] expectations)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var (ruleId, count) in expectations)
        {
            builder.Add(ruleId, count);
        }

        return builder.ToImmutable();
    }

    private static string HeartbeatAndCatchClose(string prefix) => $$"""

        public sealed class {{prefix}}FeedConnection
        {
            private readonly WebSocket _socket;
            private readonly TimeSpan _pongTimeout = TimeSpan.FromSeconds(10);
            private DateTimeOffset _lastPongAt = DateTimeOffset.UtcNow;

            public {{prefix}}FeedConnection(WebSocket socket)
            {
                _socket = socket;
            }

            public void OnPong() => _lastPongAt = DateTimeOffset.UtcNow;

            public async Task CheckHeartbeatAsync(CancellationToken cancellationToken)
            {
                if (DateTimeOffset.UtcNow - _lastPongAt > _pongTimeout)
                {
                    await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "heartbeat lost", cancellationToken).ConfigureAwait(false);
                }
            }

            public async Task<int> ReceiveLoopAsync(CancellationToken cancellationToken)
            {
                var buffer = new byte[4096];
                var received = 0;
                try
                {
                    while (_socket.State == WebSocketState.Open)
                    {
                        var result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer), cancellationToken).ConfigureAwait(false);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken).ConfigureAwait(false);
                            break;
                        }

                        received += result.Count;
                        _lastPongAt = DateTimeOffset.UtcNow;
                    }
                }
                catch (WebSocketException exception)
                {
                    Console.Error.WriteLine($"Receive failed: {exception.Message}");
                    await _socket.CloseAsync(WebSocketCloseStatus.InternalServerError, "receive failed", CancellationToken.None).ConfigureAwait(false);
                }

                return received;
            }
        }

        """;

    private static string ResilientReconnect(string prefix) => $$"""

        public static class {{prefix}}ResilientClient
        {
            public static async Task RunAsync(Uri endpoint, CancellationToken cancellationToken)
            {
                var attempt = 0;
                while (!cancellationToken.IsCancellationRequested)
                {
                    using var socket = new ClientWebSocket();
                    socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                    socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
                    try
                    {
                        await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                        attempt = 0;
                        await ReceiveUntilClosedAsync(socket, cancellationToken).ConfigureAwait(false);
                    }
                    catch (WebSocketException exception) when (exception.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
                    {
                        Console.Error.WriteLine($"Connection lost: {exception.Message}");
                        socket.Abort();
                    }

                    var ceilingMilliseconds = Math.Min(30_000d, 250d * Math.Pow(2, attempt));
                    attempt++;
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceilingMilliseconds), cancellationToken).ConfigureAwait(false);
                }
            }

        {{ReceiveUntilClosed}}
        }

        """;

    private static string FixedDelayReconnect(string prefix) => $$"""

        public static class {{prefix}}FixedDelayClient
        {
            public static async Task RunAsync(Uri endpoint, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    using var socket = new ClientWebSocket();
                    socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                    socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
                    try
                    {
                        await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                        await ReceiveUntilClosedAsync(socket, cancellationToken).ConfigureAwait(false);
                    }
                    catch (WebSocketException exception)
                    {
                        Console.Error.WriteLine($"Connection lost: {exception.Message}");
                        socket.Abort();
                    }

                    await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                }
            }

        {{ReceiveUntilClosed}}
        }

        """;

    private static string ReusedSocketReconnect(string prefix) => $$"""

        public static class {{prefix}}ReusedSocketClient
        {
            public static async Task RunAsync(Uri endpoint, CancellationToken cancellationToken)
            {
                using var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
                var attempt = 0;
                while (!cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                        attempt = 0;
                        await ReceiveUntilClosedAsync(socket, cancellationToken).ConfigureAwait(false);
                    }
                    catch (WebSocketException exception)
                    {
                        Console.Error.WriteLine($"Connection lost: {exception.Message}");
                    }

                    var ceilingMilliseconds = Math.Min(30_000d, 250d * Math.Pow(2, attempt));
                    attempt++;
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceilingMilliseconds), cancellationToken).ConfigureAwait(false);
                }
            }

        {{ReceiveUntilClosed}}
        }

        """;

    private static string NoDeadPeerDetection(string prefix) => $$"""

        public static class {{prefix}}ListenerClient
        {
            public static async Task<int> ListenOnceAsync(Uri endpoint, CancellationToken cancellationToken)
            {
                using var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
                await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                var buffer = new byte[4096];
                var total = 0;
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken).ConfigureAwait(false);
                        break;
                    }

                    total += result.Count;
                }

                return total;
            }
        }

        """;

    private static string SwallowedClosureServer(string prefix) => $$"""

        public static class {{prefix}}EchoEndpoint
        {
            public static async Task EchoAsync(WebSocket socket, CancellationToken cancellationToken)
            {
                var buffer = new byte[4096];
                try
                {
                    while (socket.State == WebSocketState.Open)
                    {
                        var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), cancellationToken).ConfigureAwait(false);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken).ConfigureAwait(false);
                            break;
                        }

                        await socket.SendAsync(new ArraySegment<byte>(buffer, 0, result.Count), result.MessageType, result.EndOfMessage, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (WebSocketException)
                {
                }
            }
        }

        """;

    private static string CloseStatusChecks(string prefix) => $$"""

        public static class {{prefix}}ClosureInspector
        {
            public static bool EndedAbnormally(WebSocket socket)
            {
                return socket.CloseStatus == (WebSocketCloseStatus)1006;
            }

            public static string DescribeClosure(WebSocket socket)
            {
                return socket.CloseStatus.Value.ToString();
            }
        }

        """;

    private const string ReceiveUntilClosed = """
            private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationToken cancellationToken)
            {
                var buffer = new byte[8192];
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", cancellationToken).ConfigureAwait(false);
                        return;
                    }
                }
            }
        """;
}
