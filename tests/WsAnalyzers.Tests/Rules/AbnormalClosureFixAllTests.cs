using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using WsAnalyzers.CodeFixes;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Infrastructure;
using WsAnalyzers.Tests.Verifiers;

namespace WsAnalyzers.Tests.Rules;

/// <summary>
/// WS0004 has several shapes, found by several analyzers, and one fixer: a single Fix All (and <c>dotnet format</c>,
/// which runs one Fix All per rule ID with the key of the first finding's first fix, or none) must fix them all.
/// </summary>
public class AbnormalClosureFixAllTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string EveryShape = Usings + """
        class Client
        {
            async void Pump(WebSocket ws)
            {
                while (true) { await ws.ReceiveAsync(new byte[8], default); }
            }

            async Task ListenAsync(WebSocket ws)
            {
                try
                {
                    await ws.ReceiveAsync(new byte[8], default);
                }
                catch (WebSocketException)
                {
                }

                if (ws.CloseStatus == (WebSocketCloseStatus)1006)
                {
                    Console.WriteLine("dropped");
                }

                Console.WriteLine(ws.CloseStatus.Value);
            }

            Task DropAsync(WebSocket ws)
            {
                return ws.CloseAsync((WebSocketCloseStatus)1006, "gone", CancellationToken.None);
            }
        }
        """;

    private const string EveryShapeFixed = Usings + """
        class Client
        {
            async void Pump(WebSocket ws)
            {
                while (true) { await ws.ReceiveAsync(new byte[8], default); }
            }

            async Task ListenAsync(WebSocket ws)
            {
                try
                {
                    await ws.ReceiveAsync(new byte[8], default);
                }
                catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
                {
                    throw;
                }
                catch (WebSocketException)
                {
                }

                if (ws.State == WebSocketState.Aborted)
                {
                    Console.WriteLine("dropped");
                }

                Console.WriteLine(ws.CloseStatus ?? WebSocketCloseStatus.Empty);
            }

            Task DropAsync(WebSocket ws)
            {
                ws.Abort();
                return Task.CompletedTask;
            }
        }
        """;

    private static readonly ImmutableArray<DiagnosticAnalyzer> AbnormalClosureAnalyzers = AllAnalyzers.Analyzers
        .Where(a => a.SupportedDiagnostics.Any(d => d.Id == RuleIdentifiers.AbnormalClosureIgnored))
        .ToImmutableArray();

    [Fact]
    public void Every_analyzer_of_the_rule_is_in_the_test()
    {
        Assert.Equal(
            new[]
            {
                nameof(AbnormalClosureStatusCodeAnalyzer),
                nameof(SwallowedAbnormalClosureAnalyzer),
                nameof(UnguardedCloseStatusValueAnalyzer),
                nameof(UnobservedReceiveLoopAnalyzer),
            },
            AbnormalClosureAnalyzers.Select(a => a.GetType().Name).OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public async Task One_Fix_All_fixes_every_shape_that_has_a_fix()
    {
        var test = new EveryAnalyzerTest
        {
            TestCode = EveryShape,
            FixedCode = EveryShapeFixed,
            CodeActionEquivalenceKey = AbnormalClosureCodeFixProvider.EquivalenceKey,
        };
        test.ExpectedDiagnostics.AddRange(new[]
        {
            Finding(9, 30), Finding(18, 9), Finding(22, 13), Finding(27, 27), Finding(32, 30),
        });
        test.FixedState.ExpectedDiagnostics.Add(Finding(9, 30));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Fix_All_without_an_equivalence_key_applies_each_finding_s_first_fix()
    {
        // dotnet format asks with no key when the first finding has no fix, as the async void loop here.
        var host = await AnalyzerHost.CreateAsync();
        using var workspace = new AdhocWorkspace();
        var document = host.CreateDocument(workspace, EveryShape);
        var diagnostics = (await AnalyzerHost.AnalyzeAsync(document, new ConcurrentQueue<string>()))
            .Where(d => d.Id == RuleIdentifiers.AbnormalClosureIgnored)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
        var fixer = new AbnormalClosureCodeFixProvider();
        Assert.Equal(
            new[] { "9,30", "18,9", "22,13", "27,27", "32,30" },
            diagnostics.Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line + 1},{d.Location.GetLineSpan().StartLinePosition.Character + 1}"));
        Assert.Empty(await ActionsForAsync(fixer, document, diagnostics[0]));

        var fixAll = new FixAllContext(
            document,
            fixer,
            FixAllScope.Document,
            codeActionEquivalenceKey: null!,
            new[] { RuleIdentifiers.AbnormalClosureIgnored },
            new FixedDiagnostics(diagnostics),
            CancellationToken.None);
        var action = await fixer.GetFixAllProvider().GetFixAsync(fixAll);

        Assert.NotNull(action);
        var changed = (await action!.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var text = await changed.GetDocument(document.Id)!.GetTextAsync();
        Assert.Equal(EveryShapeFixed.ReplaceLineEndings(), text.ToString().ReplaceLineEndings());
    }

    private static DiagnosticResult Finding(int line, int column) =>
        new DiagnosticResult(RuleIdentifiers.AbnormalClosureIgnored, DiagnosticSeverity.Warning).WithLocation(line, column);

    private static async Task<IReadOnlyList<CodeAction>> ActionsForAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }

    /// <summary>The fix test with every WS0004 analyzer at once, as a build runs them.</summary>
    private sealed class EveryAnalyzerTest : Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<SwallowedAbnormalClosureAnalyzer, AbnormalClosureCodeFixProvider, DefaultVerifier>
    {
        public EveryAnalyzerTest() => ReferenceAssemblies = TestReferences.Net90;

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.CSharp12);

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => AbnormalClosureAnalyzers;
    }
}
