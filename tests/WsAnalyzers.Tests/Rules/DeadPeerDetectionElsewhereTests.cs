using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.MissingDeadPeerDetectionAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>
/// WS0001 where the evidence is not next to the socket: helpers the socket is handed to, a watchdog in another
/// part of the type or in the type that holds the transport, and a wrapper library whose watchdog is on.
/// </summary>
public class DeadPeerDetectionElsewhereTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string ClientNeverSetsTimeout =
        "This ClientWebSocket never sets Options.KeepAliveTimeout, so its keep-alive only sends unsolicited pongs";

    private const string KeepAliveOff = "Setting ClientWebSocketOptions.KeepAliveInterval to 'TimeSpan.Zero' turns keep-alive off";

    private static DiagnosticResult Diagnostic(int location, string message) =>
        Verify.Diagnostic("WS0001").WithLocation(location).WithArguments(message);

    /// <summary>A transport that turns the protocol keep-alive off, as libraries with their own heartbeat do.</summary>
    private const string Transport = Usings + """
        interface ITransport
        {
            Task OpenAsync(Uri uri);
        }

        sealed class Transport : ITransport
        {
            private ClientWebSocket? _socket;

            public async Task OpenAsync(Uri uri)
            {
                _socket = new ClientWebSocket();
                {|#0:_socket.Options.KeepAliveInterval = TimeSpan.Zero|};
                await _socket.ConnectAsync(uri, CancellationToken.None);
            }
        }
        """;

    private static Task VerifyFilesAsync(string[] sources, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test();
        for (var index = 0; index < sources.Length; index++)
        {
            test.TestState.Sources.Add(($"File{index}.cs", sources[index]));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    // ---- sockets handed to the project's own helpers ----

    [Fact]
    public Task A_socket_handed_to_send_and_receive_helpers_is_still_reported() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Program
            {
                static async Task RunAsync(Uri uri)
                {
                    while (true)
                    {
                        using var socket = {|#0:new ClientWebSocket()|};
                        await socket.ConnectAsync(uri, CancellationToken.None);
                        await SendGreetingAsync(socket);
                        await ReadAllAsync(socket);
                    }
                }

                static Task SendGreetingAsync(ClientWebSocket socket) =>
                    socket.SendAsync(new byte[] { 1 }, WebSocketMessageType.Text, true, CancellationToken.None);

                static async Task ReadAllAsync(ClientWebSocket socket)
                {
                    var buffer = new byte[1024];
                    while (socket.State == WebSocketState.Open)
                    {
                        await PumpOnceAsync(socket, buffer);
                    }
                }

                static async Task PumpOnceAsync(ClientWebSocket socket, byte[] buffer)
                {
                    var result = await socket.ReceiveAsync(buffer, default);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        socket?.Dispose();
                    }
                }
            }
            """,
            TargetFramework.Net90,
            Diagnostic(0, ClientNeverSetsTimeout));

    [Theory]
    [InlineData("socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(10);")]
    [InlineData("Store(socket);")]
    [InlineData("using var cts = new CancellationTokenSource(); await socket.ReceiveAsync(new byte[16], cts.Token);")]
    public Task A_helper_that_configures_keeps_or_may_time_out_the_socket_is_silent(string helperBody) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                private ClientWebSocket? _kept;

                async Task RunAsync(Uri uri)
                {
                    using var socket = new ClientWebSocket();
                    await PrepareAsync(socket);
                    await socket.ConnectAsync(uri, CancellationToken.None);
                }

                async Task PrepareAsync(ClientWebSocket socket)
                {
                    await Task.Yield();
                    {{helperBody}}
                }

                void Store(ClientWebSocket socket) => _kept = socket;
            }
            """,
            TargetFramework.Net90);

    [Fact]
    public Task A_socket_handed_to_a_virtual_helper_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri)
                {
                    using var socket = new ClientWebSocket();
                    Prepare(socket);
                    await socket.ConnectAsync(uri, CancellationToken.None);
                }

                protected virtual void Prepare(ClientWebSocket socket) { }
            }
            """,
            TargetFramework.Net90);

    [Fact]
    public Task A_field_initial_socket_replaced_before_connecting_is_reported_once_where_the_connected_socket_is_made() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private ClientWebSocket _socket = new();

                async Task RunAsync(Uri uri)
                {
                    while (true)
                    {
                        _socket = {|#0:new ClientWebSocket()|};
                        await _socket.ConnectAsync(uri, CancellationToken.None);
                        await _socket.ReceiveAsync(new byte[16], CancellationToken.None);
                    }
                }
            }
            """,
            TargetFramework.Net90,
            Diagnostic(0, ClientNeverSetsTimeout));

    // ---- a watchdog of the type's own, in any of its parts ----

    [Fact]
    public Task Keep_alive_off_with_a_no_message_watchdog_in_another_part_of_the_type_is_silent() =>
        VerifyFilesAsync(new[]
        {
            Usings + """
            partial class Feed
            {
                private ClientWebSocket? _socket;

                async Task ConnectAsync(Uri uri)
                {
                    _socket = new ClientWebSocket();
                    _socket.Options.KeepAliveInterval = TimeSpan.Zero;
                    await _socket.ConnectAsync(uri, CancellationToken.None);
                }
            }
            """,
            Usings + """
            partial class Feed
            {
                private DateTime _lastMessageAt = DateTime.UtcNow;
                private readonly TimeSpan _silenceLimit = TimeSpan.FromSeconds(45);

                void OnTimer(object? state)
                {
                    var timeoutMs = _silenceLimit.TotalMilliseconds;
                    var silentMs = (DateTime.UtcNow - _lastMessageAt).TotalMilliseconds;
                    if (silentMs > timeoutMs)
                    {
                        _ = RestartAsync();
                    }
                }

                Task RestartAsync() => Task.CompletedTask;
            }
            """,
        });

    [Fact]
    public Task A_watchdog_that_only_logs_is_no_detection() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Feed
            {
                private ClientWebSocket? _socket;
                private DateTime _lastMessageAt = DateTime.UtcNow;
                private readonly TimeSpan _timeout = TimeSpan.FromSeconds(45);

                async Task ConnectAsync(Uri uri)
                {
                    _socket = new ClientWebSocket();
                    {|#0:_socket.Options.KeepAliveInterval = TimeSpan.Zero|};
                    await _socket.ConnectAsync(uri, CancellationToken.None);
                }

                void OnTimer(object? state)
                {
                    if (DateTime.UtcNow - _lastMessageAt > _timeout)
                    {
                        Console.WriteLine("quiet for a while");
                    }
                }
            }
            """,
            TargetFramework.Net90,
            Diagnostic(0, KeepAliveOff));

    [Fact]
    public Task Two_missed_acknowledgements_that_reconnect_are_detection() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Gateway
            {
                private ClientWebSocket? _socket;
                private bool _awaitingAck;
                private int _missedAcks;

                async Task ConnectAsync(Uri uri)
                {
                    _socket = new ClientWebSocket();
                    _socket.Options.KeepAliveInterval = TimeSpan.Zero;
                    await _socket.ConnectAsync(uri, CancellationToken.None);
                }

                async Task BeatAsync()
                {
                    if (_awaitingAck)
                    {
                        _missedAcks++;
                        if (_missedAcks >= 2)
                        {
                            await ReconnectAsync();
                            return;
                        }
                    }

                    _awaitingAck = true;
                }

                Task ReconnectAsync() => Task.CompletedTask;
            }
            """,
            TargetFramework.Net90);

    [Fact]
    public Task Scheduling_the_next_heartbeat_after_the_last_one_sent_is_no_detection() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Gateway
            {
                private ClientWebSocket? _socket;
                private int _lastHeartbeatSent;
                private readonly int _intervalMs = 30_000;

                async Task ConnectAsync(Uri uri)
                {
                    _socket = new ClientWebSocket();
                    {|#0:_socket.Options.KeepAliveInterval = TimeSpan.Zero|};
                    await _socket.ConnectAsync(uri, CancellationToken.None);
                }

                void OnTick()
                {
                    if (Environment.TickCount - _lastHeartbeatSent > _intervalMs)
                    {
                        SendHeartbeat();
                    }
                }

                void SendHeartbeat() => _lastHeartbeatSent = Environment.TickCount;
            }
            """,
            TargetFramework.Net90,
            Diagnostic(0, KeepAliveOff));

    [Fact]
    public Task A_watchdog_loop_that_ends_on_silence_and_then_disconnects_is_detection() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Session
            {
                private readonly ClientWebSocket _socket = new();
                private DateTimeOffset _lastReceived = DateTimeOffset.Now;
                private TimeSpan _keepAliveTimeout = TimeSpan.FromSeconds(10);

                async Task WatchAsync(CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        if (_lastReceived.Add(_keepAliveTimeout) < DateTimeOffset.Now)
                            break;

                        await Task.Delay(1000, ct);
                    }

                    _socket.Abort();
                }
            }
            """,
            TargetFramework.Net90);

    [Theory]
    [InlineData("Timeout.Infinite", "_silence?.Change(45_000, Timeout.Infinite);", false)]
    [InlineData("Timeout.Infinite", "var timer = _silence; timer?.Change(45_000, System.Threading.Timeout.Infinite);", false)]
    [InlineData("5_000", "_silence?.Change(5_000, 5_000);", true)]
    [InlineData("Timeout.Infinite", "", true)]
    public Task A_one_shot_timer_rearmed_on_every_message_is_detection(string period, string onMessage, bool reported) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Feed
            {
                private ClientWebSocket? _socket;
                private Timer? _silence;

                async Task ConnectAsync(Uri uri)
                {
                    _socket = new ClientWebSocket();
                    {{(reported ? "{|#0:" : string.Empty)}}_socket.Options.KeepAliveInterval = TimeSpan.Zero{{(reported ? "|}" : string.Empty)}};
                    await _socket.ConnectAsync(uri, CancellationToken.None);
                    _silence = new Timer(_ => _socket.Abort(), null, 45_000, {{period}});
                }

                void OnMessage()
                {
                    {{onMessage}}
                }
            }
            """,
            TargetFramework.Net90,
            reported ? new[] { Diagnostic(0, KeepAliveOff) } : System.Array.Empty<DiagnosticResult>());

    // ---- a watchdog in the type that holds the transport ----

    [Fact]
    public Task A_heartbeat_in_the_client_that_holds_the_transport_through_an_interface_and_an_api_object_is_detection() =>
        VerifyFilesAsync(new[]
        {
            Transport.Replace("{|#0:", string.Empty).Replace("|};", ";"),
            Usings + """
            sealed class ApiClient
            {
                public ApiClient(ITransport transport) => Transport = transport;

                internal ITransport Transport { get; }
            }
            """,
            WatchingClient.Replace("HOLDER", "private readonly ApiClient _api = new(new Transport());"),
        });

    [Fact]
    public Task A_holder_without_a_watchdog_leaves_the_transport_reported() =>
        VerifyFilesAsync(new[]
        {
            Transport,
            Usings + """
            sealed class BotClient
            {
                private readonly ITransport _transport = new Transport();
                private int _heartbeats;

                async Task RunHeartbeatAsync(int intervalMillis, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        _heartbeats++;
                        await Task.Delay(intervalMillis, ct);
                    }
                }
            }
            """,
        },
        Diagnostic(0, KeepAliveOff));

    /// <summary>A client whose watchdog gives up on a silent server; <c>HOLDER</c> is the member that holds the transport.</summary>
    private const string WatchingClient = Usings + """
        sealed class BotClient
        {
            HOLDER
            private int _lastMessageTime = Environment.TickCount;

            async Task RunHeartbeatAsync(int intervalMillis, CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    if (Environment.TickCount - _lastMessageTime > intervalMillis)
                    {
                        throw new TimeoutException("The server missed the last heartbeat.");
                    }

                    await Task.Delay(intervalMillis, ct);
                }
            }
        }
        """;

    [Theory]
    [InlineData("private Transport? _transport;")]
    [InlineData("private global::Transport _transport = new();")]
    [InlineData("private readonly ITransport _first = new Transport(), _second = new Transport();")]
    [InlineData("internal ITransport? Transport { get; set; }")]
    public Task A_field_or_property_of_the_transport_type_in_a_watching_client_is_detection(string holder) =>
        VerifyFilesAsync(new[]
        {
            Transport.Replace("{|#0:", string.Empty).Replace("|};", ";"),
            WatchingClient.Replace("HOLDER", holder),
        });

    [Fact]
    public Task A_watchdog_condition_that_also_names_a_last_attempt_outside_its_comparison_is_detection() =>
        VerifyFilesAsync(new[]
        {
            Transport.Replace("{|#0:", string.Empty).Replace("|};", ";"),
            WatchingClient.Replace("HOLDER", "private Transport? _transport;")
                .Replace("if (Environment.TickCount - _lastMessageTime > intervalMillis)", "if (!isLastAttempt && Environment.TickCount - _lastMessageTime > intervalMillis)")
                .Replace("async Task RunHeartbeatAsync(int intervalMillis, CancellationToken ct)", "async Task RunHeartbeatAsync(int intervalMillis, bool isLastAttempt, CancellationToken ct)"),
        });

    [Fact]
    public Task Conditions_that_name_the_last_of_something_but_compare_no_time_leave_the_transport_reported() =>
        VerifyFilesAsync(new[]
        {
            Transport,
            Usings + """
            sealed class BotClient
            {
                private readonly ITransport _transport = new Transport();
                private bool _lastBatchSent;

                int Next(bool isLast, int count) => isLast ? count : count + 1;

                async Task FlushAsync(bool isLast, int batches, CancellationToken ct)
                {
                    if (isLast && batches > 1 && !_lastBatchSent)
                    {
                        _lastBatchSent = true;
                        await Task.Delay(Next(isLast, batches), ct);
                    }
                }
            }
            """,
        },
        Diagnostic(0, KeepAliveOff));

    [Theory]
    [InlineData("private Transport[] _transports = new Transport[2];")]
    [InlineData("private readonly IDisposable _resource = new Transport();")]
    [InlineData("private System.Collections.Generic.List<Transport> _transports = new();")]
    [InlineData("private Task OpenAsync(Transport transport) => transport.OpenAsync(new Uri(\"wss://example.invalid\"));")]
    public Task A_watching_client_that_holds_no_transport_leaves_it_reported(string notAHolder) =>
        VerifyFilesAsync(new[]
        {
            Transport.Replace("sealed class Transport : ITransport", "sealed class Transport : ITransport, IDisposable")
                .Replace("public async Task OpenAsync", "public void Dispose() => _socket?.Dispose();\n\n    public async Task OpenAsync"),
            WatchingClient.Replace("HOLDER", notAHolder),
        },
        Diagnostic(0, KeepAliveOff));

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task A_socket_made_by_the_factory_of_WsResilience_reconnecting_client_is_watched(TargetFramework framework)
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                using WsResilience;

                class Feed
                {
                    ReconnectingWebSocket Create() => new(new Uri("wss://example.invalid"), new ReconnectingWebSocketOptions
                    {
                        SocketFactory = (request, ct) => new ValueTask<ClientWebSocket>(new ClientWebSocket()),
                    });
                }
                """,
            ReferenceAssemblies = framework.ReferenceAssemblies(),
        };
        test.TestState.AdditionalReferences.Add(TestReferences.WsResilienceFor(framework));
        return test.RunAsync();
    }

    // ---- a wrapper library whose watchdog is on ----

    private const string WebsocketClientLibrary = """
        namespace Websocket.Client
        {
            public class WebsocketClient
            {
                public WebsocketClient(System.Uri url, System.Func<System.Uri, System.Threading.CancellationToken, System.Threading.Tasks.Task<System.Net.WebSockets.WebSocket>> factory) { }

                public System.TimeSpan? ReconnectTimeout { get; set; } = System.TimeSpan.FromMinutes(1);
            }
        }
        """;

    [Theory]
    [InlineData("", false)]
    [InlineData("{ ReconnectTimeout = TimeSpan.FromSeconds(45) }", false)]
    [InlineData("{ ReconnectTimeout = null }", true)]
    public Task A_socket_made_for_Websocket_Client_is_watched_unless_its_reconnect_timeout_is_off(string initializer, bool reported)
    {
        var off = reported ? "{|#0:" : string.Empty;
        var end = reported ? "|}" : string.Empty;
        var expected = reported ? new[] { Diagnostic(0, KeepAliveOff) } : System.Array.Empty<DiagnosticResult>();
        return VerifyFilesAsync(new[]
        {
            Usings + $$"""
            using Websocket.Client;

            class ZoomFeed
            {
                private readonly WebsocketClient _client;

                ZoomFeed()
                {
                    var factory = new Func<Uri, CancellationToken, Task<WebSocket>>(async (uri, ct) =>
                    {
                        var socket = new ClientWebSocket();
                        {{off}}socket.Options.KeepAliveInterval = TimeSpan.Zero{{end}};
                        await socket.ConnectAsync(uri, ct);
                        return socket;
                    });
                    _client = new WebsocketClient(new Uri("wss://example.invalid"), factory) {{initializer}};
                }
            }
            """,
            WebsocketClientLibrary,
        },
        expected);
    }
}
