using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// Most projects never touch WebSockets; there the analyzers must cost nothing beyond a scan of each file's text for
/// WebSocket names: no symbol lookup, no operation tree, no per-symbol or per-node action.
/// </summary>
public class CompilationWithoutWebSocketsTests
{
    private const string WebSocketFreeCode =
        "class C { async System.Threading.Tasks.Task M() { try { await System.Threading.Tasks.Task.Yield(); } catch (System.OperationCanceledException) { } } }";

    private static CSharpCompilation CoreLibOnly(params string[] sources) => CSharpCompilation.Create(
        "NoWebSockets",
        (sources.Length == 0 ? new[] { WebSocketFreeCode } : sources).Select(source => CSharpSyntaxTree.ParseText(source)),
        new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    [Fact]
    public void The_symbol_cache_is_not_created()
    {
        Assert.False(WebSocketSymbols.TryGet(CoreLibOnly(), out _));
    }

    /// <summary>
    /// A project's own client may declare methods named like the socket's (Discord.Net.Core does) without any WebSocket
    /// code behind them; a declaration is not a call, so it gives no rule a walk.
    /// </summary>
    private const string OwnClientInterface = """
        namespace Chat
        {
            using System.Threading;
            using System.Threading.Tasks;

            public interface IChatConnection
            {
                Task ConnectAsync(string host);
                Task<int> ReceiveAsync(byte[] buffer, CancellationToken cancellationToken);
                Task CloseAsync(int code, string reason, CancellationToken cancellationToken);
                void Reconnect();
            }
        }
        """;

    [Theory]
    [InlineData(WebSocketFreeCode)]
    [InlineData(OwnClientInterface)]
    public async Task No_analyzer_registers_a_per_file_action(string source)
    {
        foreach (var (analyzer, telemetry) in await TelemetryOf(CoreLibOnly(source)))
        {
            Assert.Equal(1, telemetry.CompilationStartActionsCount);
            Assert.Equal(0, telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount
                + telemetry.SyntaxNodeActionsCount + telemetry.SyntaxTreeActionsCount + telemetry.SymbolActionsCount
                + telemetry.SymbolStartActionsCount + telemetry.CodeBlockActionsCount + telemetry.CodeBlockStartActionsCount
                + telemetry.CompilationEndActionsCount + telemetry.SemanticModelActionsCount);
            Assert.True(telemetry.Concurrent, analyzer.GetType().Name + " must enable concurrent execution.");
        }
    }

    /// <summary>
    /// A file that names the WebSocket APIs (here only in a comment, which counts) gives each rule its one walk per
    /// file; WS0003 has a second, for the calls on failure paths. So does a global using alias, which may hide the names.
    /// </summary>
    [Theory]
    [InlineData("// ClientWebSocket ConnectAsync CloseAsync(a, b, c) CloseStatus ReceiveAsync AcceptWebSocketAsync\nclass D { }")]
    [InlineData("global using Pause = System.Threading.Tasks.Task;")]
    public async Task A_file_that_may_name_the_apis_gives_every_rule_its_walk(string source)
    {
        foreach (var (analyzer, telemetry) in await TelemetryOf(CoreLibOnly(WebSocketFreeCode, source)))
        {
            Assert.Equal(analyzer is WsAnalyzers.Rules.AbortUnresponsiveWebSocketAnalyzer ? 2 : 1, telemetry.SemanticModelActionsCount);
        }
    }

    private static async Task<List<(DiagnosticAnalyzer Analyzer, AnalyzerTelemetryInfo Telemetry)>> TelemetryOf(CSharpCompilation compilation)
    {
        var analyzers = AllAnalyzers.Analyzers;
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
        Assert.Empty(await withAnalyzers.GetAnalyzerDiagnosticsAsync());
        var telemetry = new List<(DiagnosticAnalyzer, AnalyzerTelemetryInfo)>();
        foreach (var analyzer in analyzers)
        {
            telemetry.Add((analyzer, await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default)));
        }

        return telemetry;
    }
}
