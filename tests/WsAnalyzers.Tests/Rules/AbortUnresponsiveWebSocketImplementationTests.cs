using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static WsAnalyzers.Tests.Rules.ReconnectTestSources;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.AbortUnresponsiveWebSocketAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

/// <summary>
/// WS0003 when the failure path calls an interface or virtual member: followed into the implementation when the
/// compilation has exactly one, or when the receiver only ever holds an instance the compilation creates.
/// </summary>
public class AbortUnresponsiveWebSocketImplementationTests
{
    private const string Session = Usings + """
        interface ISession
        {
            Task EndAsync();
        }

        sealed class SocketSession : ISession
        {
            private readonly ClientWebSocket _socket = new();

            public Task BeginAsync(Uri uri) => _socket.ConnectAsync(uri, CancellationToken.None);

            public async Task EndAsync()
            {
                await {|#1:_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None)|};
            }
        }
        """;

    private const string QuietSession = Usings + """
        sealed class LoopbackSession : ISession
        {
            public Task EndAsync() => Task.CompletedTask;
        }
        """;

    /// <summary>A pump whose catch ends the session; <c>{{SESSION}}</c> is where the session comes from.</summary>
    private const string Pump = Usings + """
        sealed class Pump
        {
            private readonly ClientWebSocket _socket = new();
            {{SESSION}}

            public async Task RunAsync(CancellationToken ct)
            {
                try
                {
                    await _socket.ReceiveAsync(new byte[512], ct);
                }
                catch (WebSocketException)
                {
                    await {|#0:_session.EndAsync()|};
                }
            }
        }
        """;

    private const string Injected = "private readonly ISession _session;\n\n    public Pump(ISession session) => _session = session;";

    private static DiagnosticResult Expected(string owner) =>
        Verify.Diagnostic("WS0003").WithLocation(0).WithLocation(1)
            .WithArguments($"EndAsync' → '{owner}' → 'CloseAsync", "the connection has already failed in this catch of 'WebSocketException'");

    private static string UnmarkedBoth(string source) => Unmarked(source).Replace("{|#1:", string.Empty);

    [Fact]
    public Task An_interface_the_compilation_implements_once_is_followed_into_that_implementation()
    {
        var test = Verify.FromFiles(Pump.Replace("{{SESSION}}", Injected), Session);
        test.ExpectedDiagnostics.Add(Expected("SocketSession.EndAsync"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task An_interface_implemented_twice_with_an_injected_session_is_silent() =>
        Verify.FromFiles(UnmarkedBoth(Pump.Replace("{{SESSION}}", Injected)), UnmarkedBoth(Session), QuietSession).RunAsync(CancellationToken.None);

    [Fact]
    public Task An_interface_implemented_twice_is_followed_into_the_type_the_field_is_created_with()
    {
        var test = Verify.FromFiles(Pump.Replace("{{SESSION}}", "private readonly ISession _session = new SocketSession();"), Session, QuietSession);
        test.ExpectedDiagnostics.Add(Expected("SocketSession.EndAsync"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_field_created_with_the_quiet_implementation_is_silent() =>
        Verify.FromFiles(UnmarkedBoth(Pump.Replace("{{SESSION}}", "private readonly ISession _session = new LoopbackSession();")), UnmarkedBoth(Session), QuietSession)
            .RunAsync(CancellationToken.None);

    /// <summary>A base link whose virtual end does nothing, and a socket link that overrides it with an unbounded close.</summary>
    private const string Links = Usings + """
        class Link
        {
            public virtual Task EndAsync() => Task.CompletedTask;
        }

        sealed class SocketLink : Link
        {
            private readonly ClientWebSocket _socket = new();

            public override async Task EndAsync()
            {
                await {|#1:_socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None)|};
            }
        }
        """;

    [Fact]
    public Task A_virtual_member_is_followed_into_the_override_of_the_type_the_local_is_created_with()
    {
        var test = Verify.FromFiles(Links, Usings + """
            static class Probe
            {
                public static async Task RunAsync(ClientWebSocket socket, CancellationToken ct)
                {
                    Link link = new SocketLink();
                    try
                    {
                        await socket.ReceiveAsync(new byte[512], ct);
                    }
                    catch (WebSocketException)
                    {
                        await {|#0:link.EndAsync()|};
                    }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expected("SocketLink.EndAsync"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task A_virtual_member_on_a_link_handed_in_is_silent() =>
        Verify.FromFiles(UnmarkedBoth(Links), Usings + """
            static class Probe
            {
                public static async Task RunAsync(ClientWebSocket socket, Link link, CancellationToken ct)
                {
                    try
                    {
                        await socket.ReceiveAsync(new byte[512], ct);
                    }
                    catch (WebSocketException)
                    {
                        await link.EndAsync();
                    }
                }
            }
            """).RunAsync(CancellationToken.None);
}
