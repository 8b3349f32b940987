using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using WsAnalyzers.Tests.Corpus;
using WsAnalyzers.Tests.Verifiers;

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

    /// <summary>
    /// WsResilience is real, WebSocket-heavy code that follows the rules: our own analyzers must accept it.
    /// </summary>
    [Fact]
    public async Task The_WsResilience_library_produces_no_diagnostics()
    {
        var sources = CorpusFiles.Read(System.IO.Path.Combine("Valid", "WsResilience"));
        Assert.True(sources.Count > 10, "The WsResilience sources were not copied next to the tests.");
        var references = await TestReferences.Net90
            .AddPackages(System.Collections.Immutable.ImmutableArray.Create(
                new Microsoft.CodeAnalysis.Testing.PackageIdentity("Microsoft.Extensions.Logging.Abstractions", "8.0.2")))
            .ResolveAsync(LanguageNames.CSharp, default);
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "WsResilience",
            sources.Select(s => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
                s.Text,
                new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, preprocessorSymbols: new[] { "NET9_0_OR_GREATER", "NET8_0_OR_GREATER" }),
                path: s.Name)),
            references,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        // The logging source generator does not run here, so its partial methods lack their bodies (CS8795).
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795").Select(d => d.ToString()));

        var failures = new ConcurrentQueue<string>();
        var diagnostics = await AnalyzerHost.AnalyzeAsync(compilation, failures);
        Assert.Empty(failures);
        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }
}
