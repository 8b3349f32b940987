using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static WsAnalyzers.Tests.Rules.ReconnectTestSources;
using BackoffVerify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.ReconnectWithoutBackoffAnalyzer>;
using DeadPeerVerify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.MissingDeadPeerDetectionAnalyzer>;
using ReusedVerify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.ClientWebSocketReusedAnalyzer>;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// WS0001, WS0002 and WS0005 judge a whole type from one action per file. These are the shapes where a type's
/// code is spread over several files or nested in another type, and where the names a rule needs are spelled
/// in only one part.
/// </summary>
public class MentionedTypesTests
{
    private const string ClientNeverSetsTimeout =
        "This ClientWebSocket never sets Options.KeepAliveTimeout, so its keep-alive only sends unsolicited pongs";

    private const string ReconnectLoop = """
        partial class Client
        {
            public async Task RunAsync(CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    try
                    {
                        await {|#0:OpenAsync(ct)|};
                    }
                    catch (WebSocketException)
                    {
                        await Task.Delay(3000, ct);
                    }
                }
            }
        }
        """;

    private const string ConnectMethod = """
        partial class Client
        {
            private ClientWebSocket _ws = new();

            private async Task OpenAsync(CancellationToken ct)
            {
                await _ws.ConnectAsync(new Uri("wss://example.com/feed"), ct);
            }
        }
        """;

    [Fact]
    public async Task A_reconnect_loop_in_a_file_without_ConnectAsync_is_flagged_through_the_other_part()
    {
        var test = new BackoffVerify.Test();
        test.TestState.Sources.Add(("Client.Loop.cs", Usings + ReconnectLoop));
        test.TestState.Sources.Add(("Client.Connect.cs", Usings + ConnectMethod));
        test.ExpectedDiagnostics.Add(BackoffVerify.Diagnostic("WS0002").WithLocation(0)
            .WithArguments("ConnectAsync", "through 'OpenAsync' in this loop", "after a fixed delay")
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_socket_reused_by_a_loop_in_another_file_is_flagged_at_the_connect()
    {
        var test = new ReusedVerify.Test();
        test.TestState.Sources.Add(("Client.Loop.cs", Usings + ReconnectLoop.Replace("{|#0:OpenAsync(ct)|}", "OpenAsync(ct)")));
        test.TestState.Sources.Add(("Client.Connect.cs", Usings + ConnectMethod.Replace("await _ws.ConnectAsync(", "await {|#0:_ws.ConnectAsync(").Replace(", ct);", ", ct)|};")));
        test.ExpectedDiagnostics.Add(ReusedVerify.Diagnostic("WS0005").WithLocation(0)
            .WithArguments("_ws", "each time the loop around the call to 'OpenAsync' runs it again"));
        await test.RunAsync();
    }

    [Fact]
    public async Task KeepAliveTimeout_set_in_another_part_of_the_type_counts()
    {
        var test = new DeadPeerVerify.Test();
        test.TestState.Sources.Add(("Client.cs", Usings + """
            partial class Client
            {
                private readonly ClientWebSocket _ws = new();
            }
            """));
        test.TestState.Sources.Add(("Client.Setup.cs", Usings + """
            partial class Client
            {
                public Client()
                {
                    _ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                    _ws.Options.KeepAliveTimeout = TimeSpan.FromSeconds(10);
                }
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_socket_created_in_a_part_that_names_no_WebSocket_API_is_judged_with_the_whole_type()
    {
        var test = new DeadPeerVerify.Test();
        test.TestState.Sources.Add(("Client.Fields.cs", Usings + """
            partial class Client
            {
                private readonly ClientWebSocket _ws;
            }
            """));
        test.TestState.Sources.Add(("Client.cs", """
            partial class Client
            {
                public Client() => _ws = {|#0:new()|};
            }
            """));
        test.ExpectedDiagnostics.Add(DeadPeerVerify.Diagnostic("WS0001").WithLocation(0).WithArguments(ClientNeverSetsTimeout));
        await test.RunAsync();
    }

    [Fact]
    public Task A_reconnect_loop_in_a_nested_type_is_reported_once() =>
        BackoffVerify.VerifyAnalyzerAsync(
            Usings + """
            class Outer
            {
                private readonly ClientWebSocket _unused = new();

                class Inner
                {
                    async Task RunAsync(Uri uri, CancellationToken ct)
                    {
                        while (true)
                        {
                            using var ws = new ClientWebSocket();
                            await {|#0:ws.ConnectAsync(uri, ct)|};
                        }
                    }
                }
            }
            """,
            expected: BackoffVerify.Diagnostic("WS0002").WithLocation(0)
                .WithArguments("ConnectAsync", "in this loop", "without any delay between attempts")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

    [Fact]
    public async Task Top_level_statements_that_reconnect_through_a_method_of_a_partial_Program_are_flagged()
    {
        var test = new BackoffVerify.Test();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("Program.cs", Usings + """
            while (true)
            {
                try
                {
                    await {|#0:OpenAsync()|};
                }
                catch (WebSocketException)
                {
                }
            }
            """));
        test.TestState.Sources.Add(("Program.Connect.cs", Usings + """
            partial class Program
            {
                static async Task OpenAsync()
                {
                    using var ws = new ClientWebSocket();
                    await ws.ConnectAsync(new Uri("wss://example.com/feed"), default);
                }
            }
            """));
        test.ExpectedDiagnostics.Add(BackoffVerify.Diagnostic("WS0002").WithLocation(0)
            .WithArguments("ConnectAsync", "through 'OpenAsync' in this loop", "without any delay between attempts")
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_lambda_returning_new_is_found_beside_a_type_that_already_names_ClientWebSocket()
    {
        var test = new DeadPeerVerify.Test();
        test.TestState.Sources.Add(("Factory.cs", "public delegate System.Net.WebSockets.ClientWebSocket SocketFactory();"));
        test.TestState.Sources.Add(("Client.cs", Usings + """
            class Configured
            {
                private readonly ClientWebSocket _ws = new() { Options = { KeepAliveInterval = TimeSpan.FromSeconds(15), KeepAliveTimeout = TimeSpan.FromSeconds(10) } };
            }

            class Pool
            {
                private readonly SocketFactory _factory = () => {|#0:new()|};
            }
            """));
        test.ExpectedDiagnostics.Add(DeadPeerVerify.Diagnostic("WS0001").WithLocation(0).WithArguments(ClientNeverSetsTimeout));
        await test.RunAsync();
    }
}
