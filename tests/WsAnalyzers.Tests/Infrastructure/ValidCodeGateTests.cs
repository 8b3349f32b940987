using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using WsAnalyzers.Tests.Corpus;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// Correct WebSocket code, written the way the rules ask for, must compile and produce no diagnostic at
/// all: the cheapest guard against false positives when a rule changes.
/// </summary>
public class ValidCodeGateTests
{
    [Fact]
    public async Task Correct_WebSocket_code_produces_no_diagnostics()
    {
        var host = await AnalyzerHost.CreateAsync();
        var sources = CorpusFiles.Read("Valid");
        Assert.NotEmpty(sources);
        var compilation = host.Compile(sources.ToArray());
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var failures = new ConcurrentQueue<string>();
        var diagnostics = await AnalyzerHost.AnalyzeAsync(compilation, failures);
        Assert.Empty(failures);
        Assert.Empty(diagnostics);
    }
}
