using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// Most projects never touch WebSockets; there the analyzers must cost nothing beyond a scan of each file's text for
/// WebSocket names: no symbol lookup, no operation tree, no per-symbol or per-node action.
/// </summary>
public class CompilationWithoutWebSocketsTests
{
    private static CSharpCompilation CoreLibOnly() => CSharpCompilation.Create(
        "NoWebSockets",
        new[] { CSharpSyntaxTree.ParseText("class C { async System.Threading.Tasks.Task M() { try { await System.Threading.Tasks.Task.Yield(); } catch (System.OperationCanceledException) { } } }") },
        new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    [Fact]
    public void The_symbol_cache_is_not_created()
    {
        Assert.False(WebSocketSymbols.TryCreate(CoreLibOnly(), out _));
    }

    [Fact]
    public async Task No_analyzer_registers_more_than_its_per_file_text_scan()
    {
        var analyzers = AllAnalyzers.Analyzers;
        var withAnalyzers = CoreLibOnly().WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
        Assert.Empty(await withAnalyzers.GetAnalyzerDiagnosticsAsync());

        foreach (var analyzer in analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default);
            Assert.Equal(1, telemetry.CompilationStartActionsCount);
            Assert.Equal(0, telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount
                + telemetry.SyntaxNodeActionsCount + telemetry.SyntaxTreeActionsCount + telemetry.SymbolActionsCount
                + telemetry.SymbolStartActionsCount + telemetry.CodeBlockActionsCount + telemetry.CodeBlockStartActionsCount
                + telemetry.CompilationEndActionsCount);

            // One walk per file that names a WebSocket API; WS0003 has a second, for the calls on failure paths.
            Assert.Equal(analyzer is WsAnalyzers.Rules.AbortUnresponsiveWebSocketAnalyzer ? 2 : 1, telemetry.SemanticModelActionsCount);
            Assert.True(telemetry.Concurrent, analyzer.GetType().Name + " must enable concurrent execution.");
        }
    }
}
