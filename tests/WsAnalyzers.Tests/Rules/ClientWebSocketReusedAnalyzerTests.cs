using System.Threading.Tasks;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using static WsAnalyzers.Tests.Rules.ReconnectTestSources;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.ClientWebSocketReusedAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

public class ClientWebSocketReusedAnalyzerTests
{
    private const string NextPass = "on the next pass of this loop";

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(string socket, string path) =>
        Verify.Diagnostic("WS0005").WithLocation(0).WithArguments(socket, path);

    // ---- flagged ----

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task A_local_created_before_a_retry_loop_is_flagged(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken ct)
                {
                    var ws = new ClientWebSocket();
                    ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                    while (true)
                    {
                        try
                        {
                            await {|#0:ws.ConnectAsync(uri, ct)|};
                            return ws;
                        }
                        catch (WebSocketException)
                        {
                            await Task.Delay(1000, ct);
                        }
                    }
                }
            }
            """,
            framework,
            Expected("ws", NextPass));

    [Fact]
    public Task A_field_initialized_once_and_reconnected_in_a_session_loop_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();

                public async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try
                        {
                            await {|#0:_socket.ConnectAsync(uri, ct)|};
                            await _socket.ReceiveAsync(new byte[1024], ct);
                        }
                        catch (WebSocketException)
                        {
                            await Task.Delay(5000, ct);
                        }
                    }
                }
            }
            """,
            expected: Expected("_socket", NextPass));

    [Fact]
    public Task A_field_assigned_before_the_loop_in_the_same_method_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private ClientWebSocket? _socket;

                public async Task RunAsync(Uri uri)
                {
                    _socket = new ClientWebSocket();
                    for (var attempt = 0; attempt < 3; attempt++)
                    {
                        try { await {|#0:_socket.ConnectAsync(uri, default)|}; break; }
                        catch (WebSocketException) { }
                    }
                }
            }
            """,
            expected: Expected("_socket", NextPass));

    [Fact]
    public Task A_parameter_and_an_auto_property_are_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                public ClientWebSocket Socket { get; } = new();

                async Task RetryAsync(ClientWebSocket ws, Uri uri)
                {
                    while (ws.State != WebSocketState.Open)
                    {
                        try { await {|#0:ws.ConnectAsync(uri, default)|}; }
                        catch (WebSocketException) { await Task.Delay(100); }
                    }
                }

                async Task KeepConnectedAsync(Uri uri, CancellationToken ct)
                {
                    while (true)
                    {
                        try { await {|#1:Socket.ConnectAsync(uri, ct)|}; await Socket.ReceiveAsync(new byte[8], ct); }
                        catch (WebSocketException) { }
                    }
                }
            }
            """,
            expected: new[]
            {
                Expected("ws", NextPass),
                Verify.Diagnostic("WS0005").WithLocation(1).WithArguments("Socket", NextPass),
            });

    [Fact]
    public Task A_field_reconnected_through_a_method_called_in_a_loop_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _ws = new();

                public async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try { await OpenAsync(uri, ct); await _ws.ReceiveAsync(new byte[8], ct); }
                        catch (WebSocketException) { await Task.Delay(1000, ct); }
                    }
                }

                private Task OpenAsync(Uri uri, CancellationToken ct) => {|#0:_ws.ConnectAsync(uri, ct)|};
            }
            """,
            expected: Expected("_ws", "each time the loop around the call to 'OpenAsync' runs it again"));

    [Fact]
    public Task A_field_reconnected_by_a_recursive_call_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private ClientWebSocket _ws = new();

                public async Task ConnectAsync(Uri uri)
                {
                    try
                    {
                        await {|#0:_ws?.ConnectAsync(uri, CancellationToken.None)|};
                    }
                    catch (WebSocketException)
                    {
                        await Task.Delay(2000);
                        await ConnectAsync(uri);
                    }
                }
            }
            """,
            expected: Expected("_ws", "when 'ConnectAsync' calls itself"));

    // ---- silent: a new instance per attempt ----

    [Fact]
    public Task A_socket_created_inside_the_loop_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        using var ws = new ClientWebSocket();
                        try { await ws.ConnectAsync(uri, ct); await ws.ReceiveAsync(new byte[8], ct); }
                        catch (WebSocketException) { await Task.Delay(1000, ct); }
                    }
                }
            }
            """);

    [Fact]
    public Task A_variable_or_field_renewed_in_the_loop_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private ClientWebSocket _ws = new();

                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    var ws = new ClientWebSocket();
                    while (!ct.IsCancellationRequested)
                    {
                        try { await ws.ConnectAsync(uri, ct); await ws.ReceiveAsync(new byte[8], ct); }
                        catch (WebSocketException) { await Task.Delay(1000, ct); }
                        ws.Dispose();
                        ws = new ClientWebSocket();
                    }

                    while (!ct.IsCancellationRequested)
                    {
                        _ws.Dispose();
                        _ws = new ClientWebSocket();
                        try { await _ws.ConnectAsync(uri, ct); await _ws.ReceiveAsync(new byte[8], ct); }
                        catch (WebSocketException) { await Task.Delay(1000, ct); }
                    }
                }
            }
            """);

    [Fact]
    public Task A_field_renewed_by_the_method_the_loop_connects_through_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private ClientWebSocket _ws = new();

                public async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try { await OpenAsync(uri, ct); await _ws.ReceiveAsync(new byte[8], ct); }
                        catch (WebSocketException) { await Task.Delay(1000, ct); }
                    }
                }

                private async Task OpenAsync(Uri uri, CancellationToken ct)
                {
                    _ws = new ClientWebSocket();
                    await _ws.ConnectAsync(uri, ct);
                }
            }
            """);

    [Fact]
    public Task A_field_renewed_elsewhere_in_the_type_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                private ClientWebSocket _ws = new();

                public void Reset() => _ws = new ClientWebSocket();

                public async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try { await _ws.ConnectAsync(uri, ct); break; }
                        catch (WebSocketException) { await Task.Delay(1000, ct); }
                    }
                }
            }
            """);

    [Fact]
    public Task Sockets_reached_through_other_objects_or_computed_properties_are_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Connection { public ClientWebSocket Socket { get; set; } = new(); }

            class Client
            {
                private readonly Connection _connection = new();
                private readonly Func<ClientWebSocket> _factory = () => new ClientWebSocket();
                private ClientWebSocket Fresh => _factory();

                async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try { await _connection.Socket.ConnectAsync(uri, ct); await Fresh.ConnectAsync(uri, ct); break; }
                        catch (WebSocketException) { await Task.Delay(1000, ct); }
                    }
                }
            }
            """);

    // ---- silent: not a reconnect ----

    [Fact]
    public Task A_single_connect_and_a_user_type_named_ClientWebSocket_are_silent() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            namespace MyCompany.Net
            {
                class ClientWebSocket
                {
                    public Task ConnectAsync(Uri uri, CancellationToken ct) => Task.CompletedTask;
                }

                class Client
                {
                    private readonly ClientWebSocket _ws = new();
                    private readonly System.Net.WebSockets.ClientWebSocket _real = new();

                    async Task RunAsync(Uri uri)
                    {
                        await _real.ConnectAsync(uri, default);
                        while (true)
                        {
                            await _ws.ConnectAsync(uri, default);
                            await Task.Delay(1000);
                        }
                    }
                }
            }
            """);
}
