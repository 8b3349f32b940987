using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using VerifyFix = WsAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    WsAnalyzers.Rules.MissingDeadPeerDetectionAnalyzer,
    WsAnalyzers.CodeFixes.MissingDeadPeerDetectionCodeFixProvider>;

namespace WsAnalyzers.Tests.Rules;

public class MissingDeadPeerDetectionCodeFixTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task VerifyAsync(
        string source,
        string fixedSource,
        string equivalenceKey,
        ReferenceAssemblies? references = null,
        bool withWsResilience = false,
        int? iterations = null)
    {
        var test = new VerifyFix.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            ReferenceAssemblies = references ?? TestReferences.Net90,
        };
        if (withWsResilience)
        {
            test.TestState.Sources.Add(("WsResilience.cs", MissingDeadPeerDetectionAnalyzerTests.WsResilienceStub));
            test.FixedState.Sources.Add(("WsResilience.cs", MissingDeadPeerDetectionAnalyzerTests.WsResilienceStub));
        }

        if (iterations is int count)
        {
            test.NumberOfIncrementalIterations = count;
            test.NumberOfFixAllIterations = 1;
        }

        return test.RunAsync();
    }

    [Fact]
    public Task A_new_ClientWebSocket_gets_a_keep_alive_timeout_on_net9() =>
        VerifyAsync(Usings + """
            class Client
            {
                async Task RunAsync(Uri uri)
                {
                    using var ws = [|new ClientWebSocket()|];
                    await ws.ConnectAsync(uri, default);
                }
            }
            """,
            Usings + """
            class Client
            {
                async Task RunAsync(Uri uri)
                {
                    using var ws = new ClientWebSocket { Options = { KeepAliveInterval = TimeSpan.FromSeconds(15), KeepAliveTimeout = TimeSpan.FromSeconds(15) } };
                    await ws.ConnectAsync(uri, default);
                }
            }
            """,
            MissingDeadPeerDetectionCodeFixProvider.AddKeepAliveTimeoutEquivalenceKey);
}
