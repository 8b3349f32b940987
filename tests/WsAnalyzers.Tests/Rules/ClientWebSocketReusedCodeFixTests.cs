using System.Threading.Tasks;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using static WsAnalyzers.Tests.Rules.ReconnectTestSources;
using VerifyFix = WsAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    WsAnalyzers.Rules.ClientWebSocketReusedAnalyzer,
    WsAnalyzers.CodeFixes.ClientWebSocketReusedCodeFixProvider>;

namespace WsAnalyzers.Tests.Rules;

public class ClientWebSocketReusedCodeFixTests
{
    private const string Key = ClientWebSocketReusedCodeFixProvider.NewInstanceEquivalenceKey;

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task A_local_is_renewed_before_each_connect_with_its_options(TargetFramework framework) =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Client
            {
                async Task<ClientWebSocket> ConnectAsync(Uri uri, string token, CancellationToken ct)
                {
                    var ws = new ClientWebSocket();
                    ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                    ws.Options.SetRequestHeader("Authorization", token);
                    while (true)
                    {
                        try
                        {
                            await [|ws.ConnectAsync(uri, ct)|];
                            return ws;
                        }
                        catch (WebSocketException)
                        {
                            await Task.Delay(1000, ct);
                        }
                    }
                }
            }
            """, Usings + """
            class Client
            {
                async Task<ClientWebSocket> ConnectAsync(Uri uri, string token, CancellationToken ct)
                {
                    var ws = new ClientWebSocket();
                    ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                    ws.Options.SetRequestHeader("Authorization", token);
                    while (true)
                    {
                        try
                        {
                            ws.Dispose();
                            ws = new ClientWebSocket();
                            ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                            ws.Options.SetRequestHeader("Authorization", token);
                            await ws.ConnectAsync(uri, ct);
                            return ws;
                        }
                        catch (WebSocketException)
                        {
                            await Task.Delay(1000, ct);
                        }
                    }
                }
            }
            """, Key, framework);

    [Fact]
    public Task A_readonly_field_loses_readonly_and_keeps_its_constructor_setup() =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();

                public async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try
                        {
                            await [|_socket.ConnectAsync(uri, ct)|];
                            await _socket.ReceiveAsync(new byte[1024], ct);
                        }
                        catch (WebSocketException)
                        {
                            await Task.Delay(5000, ct);
                        }
                    }
                }

                public Client()
                {
                    _socket.Options.AddSubProtocol("chat");
                }
            }
            """, Usings + """
            class Client
            {
                private ClientWebSocket _socket = new();

                public async Task RunAsync(Uri uri, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try
                        {
                            _socket.Dispose();
                            _socket = new();
                            _socket.Options.AddSubProtocol("chat");
                            await _socket.ConnectAsync(uri, ct);
                            await _socket.ReceiveAsync(new byte[1024], ct);
                        }
                        catch (WebSocketException)
                        {
                            await Task.Delay(5000, ct);
                        }
                    }
                }

                public Client()
                {
                    _socket.Options.AddSubProtocol("chat");
                }
            }
            """, Key);

    [Fact]
    public Task Fix_All_renews_every_reused_socket_of_a_document() =>
        VerifyFix.VerifyCodeFixAsync(Usings + """
            class Client
            {
                private readonly ClientWebSocket _socket = new();
                private ClientWebSocket? _other;

                async Task RunAsync(Uri uri)
                {
                    while (true)
                    {
                        try { await [|_socket.ConnectAsync(uri, default)|]; break; }
                        catch (WebSocketException) { }
                    }

                    _other = new ClientWebSocket();
                    do
                    {
                        try { await [|_other.ConnectAsync(uri, default)|]; }
                        catch (WebSocketException) { await Task.Delay(100); }
                    }
                    while (_other.State != WebSocketState.Open);
                }
            }
            """, Usings + """
            class Client
            {
                private ClientWebSocket _socket = new();
                private ClientWebSocket? _other;

                async Task RunAsync(Uri uri)
                {
                    while (true)
                    {
                        try {
                            _socket.Dispose();
                            _socket = new();
                            await _socket.ConnectAsync(uri, default); break; }
                        catch (WebSocketException) { }
                    }

                    _other = new ClientWebSocket();
                    do
                    {
                        try {
                            _other?.Dispose();
                            _other = new ClientWebSocket();
                            await _other.ConnectAsync(uri, default); }
                        catch (WebSocketException) { await Task.Delay(100); }
                    }
                    while (_other.State != WebSocketState.Open);
                }
            }
            """, Key);

    [Fact]
    public async Task Fix_All_renews_reused_sockets_across_the_project()
    {
        var test = new VerifyFix.Test { CodeActionEquivalenceKey = Key };
        foreach (var name in new[] { "A", "B" })
        {
            test.TestState.Sources.Add(($"/0/{name}.cs", Usings + $$"""
                class {{name}}
                {
                    async Task RunAsync(Uri uri)
                    {
                        var ws = new ClientWebSocket();
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                await [|ws.ConnectAsync(uri, default)|];
                                return;
                            }
                            catch (WebSocketException)
                            {
                            }
                        }
                    }
                }
                """));
            test.FixedState.Sources.Add(($"/0/{name}.cs", Usings + $$"""
                class {{name}}
                {
                    async Task RunAsync(Uri uri)
                    {
                        var ws = new ClientWebSocket();
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                ws.Dispose();
                                ws = new ClientWebSocket();
                                await ws.ConnectAsync(uri, default);
                                return;
                            }
                            catch (WebSocketException)
                            {
                            }
                        }
                    }
                }
                """));
        }

        await test.RunAsync();
    }

    [Fact]
    public async Task No_fix_is_offered_where_the_setup_cannot_be_copied_faithfully()
    {
        var keys = await CodeFixOffers.GetEquivalenceKeysAsync<ClientWebSocketReusedAnalyzer, ClientWebSocketReusedCodeFixProvider>(Usings + """
            class Client
            {
                async Task UsingDeclarationAsync(Uri uri)
                {
                    using var ws = new ClientWebSocket();
                    while (true)
                    {
                        try { await ws.ConnectAsync(uri, default); return; }
                        catch (WebSocketException) { await Task.Delay(100); }
                    }
                }

                async Task ParameterAsync(ClientWebSocket ws, Uri uri)
                {
                    while (true)
                    {
                        try { await ws.ConnectAsync(uri, default); return; }
                        catch (WebSocketException) { await Task.Delay(100); }
                    }
                }

                async Task ConditionalSetupAsync(Uri uri, bool compress)
                {
                    var ws = new ClientWebSocket();
                    if (compress) { ws.Options.DangerousDeflateOptions = new WebSocketDeflateOptions(); }
                    while (true)
                    {
                        try { await ws.ConnectAsync(uri, default); return; }
                        catch (WebSocketException) { await Task.Delay(100); }
                    }
                }
            }
            """, TargetFramework.Net90, withWsResilience: false);
        Assert.Empty(keys);
    }
}
