using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using WsAnalyzers.Rules;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// Every positive case of the rule tests and every case in the fragile sample, with every fix offered
/// for every diagnostic, one at a time and through Fix All in the document: the result must compile with
/// no new errors, and the fixed diagnostic must be gone.
/// </summary>
public class FixesCompileTests
{
    /// <summary>Harvested positive cases: the rule tests' sources with markup, and the fragile sample's files.</summary>
    private const int ExpectedCases = 241;

    /// <summary>
    /// Files of multi-file tests, harvested one by one: alone they miss the types their other files declare, so the
    /// gate cannot compile them (their rule tests run them whole); tests of code compiled without its implicit
    /// usings on purpose; and a test of code that calls another assembly and a name that does not bind (WS0007).
    /// </summary>
    private const int ExpectedMultiFileParts = 16;

    /// <summary>
    /// Cases that compile but draw no finding here, where the host compiles against the newest framework with
    /// WsResilience: a .NET 8-only finding (WsResilience's Configure is detection from .NET 9 on), and three WS0008
    /// cases whose finding depends on the proxy idle timeout their test sets in .editorconfig.
    /// </summary>
    private const int ExpectedCasesWithoutDiagnostic = 4;

    /// <summary>Every fix offered on every case, one at a time and as Fix All in the document.</summary>
    private const int ExpectedFixesChecked = 982;

    /// <summary>
    /// Of those, the fixes checked on WS0006 findings: the rule's positive cases must reach its fixes (the host references
    /// WsResilience, so CloseOrAbortAsync is offered on every one whose status is written out).
    /// </summary>
    private const int ExpectedUnboundedCloseFixesChecked = 173;

    [Fact]
    public async Task Every_offered_fix_compiles_and_removes_its_diagnostic()
    {
        var cases = PositiveCases.FromRuleTests().Concat(Corpus.CorpusFiles.Read("Fragile").Where(f => IsRuleCase(f.Name)).Select(f => (f.Name, Source: f.Text))).ToList();

        var host = await AnalyzerHost.CreateAsync(withWsResilience: true);
        var failures = new ConcurrentQueue<string>();
        var withoutDiagnostic = new ConcurrentQueue<string>();
        var otherFilesNeeded = new ConcurrentQueue<string>();
        var fixesChecked = 0;
        var unboundedCloseFixesChecked = 0;
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (@case, _) =>
        {
            using var workspace = new AdhocWorkspace();
            var document = host.CreateDocument(workspace, @case.Source);
            var before = await ErrorsAsync(document);
            if (before.Any(IsMissingName))
            {
                // One file of a multi-file test (its other files declare what it names), or a test of code whose
                // usings are missing on purpose; the errors that follow from a missing name come with it. Counted
                // exactly below.
                otherFilesNeeded.Enqueue(@case.Name);
                return;
            }

            if (before.Count > 0)
            {
                // A positive case is complete code: one that does not compile would check nothing.
                failures.Enqueue($"{@case.Name}: the case does not compile:\n  {string.Join("\n  ", before)}\n--- source ---\n{@case.Source}");
                return;
            }

            var found = new ConcurrentQueue<string>();
            var diagnostics = await AnalyzerHost.AnalyzeAsync(document, found);
            if (diagnostics.IsEmpty)
            {
                withoutDiagnostic.Enqueue(@case.Name);
            }

            foreach (var (action, diagnostic, changed) in await AnalyzerHost.ApplyEveryFixAsync(document, diagnostics, found))
            {
                Interlocked.Increment(ref fixesChecked);
                if (diagnostic.Id == RuleIdentifiers.UnboundedClose)
                {
                    Interlocked.Increment(ref unboundedCloseFixesChecked);
                }

                await CheckAsync(changed.GetDocument(document.Id)!, $"{action.EquivalenceKey} on {diagnostic.Id} at {diagnostic.Location.GetLineSpan().StartLinePosition}", diagnostic.Id, diagnostics, found);
            }

            foreach (var (fixer, key, id) in FixAllCandidates(diagnostics))
            {
                var fixAll = await FixAllInDocumentAsync(document, fixer, key, id, diagnostics);
                if (fixAll is not null)
                {
                    Interlocked.Increment(ref fixesChecked);
                    if (id == RuleIdentifiers.UnboundedClose)
                    {
                        Interlocked.Increment(ref unboundedCloseFixesChecked);
                    }

                    await CheckAsync(fixAll, $"Fix All {key}", id, diagnostics, found);
                }
            }

            foreach (var failure in found)
            {
                failures.Enqueue($"{@case.Name}: {failure}\n--- source ---\n{@case.Source}");
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} failures; the first:\n" + string.Join("\n\n", failures.Take(3)));

        // Exact: a harvest or a fixer that silently checks less must fail here. Update these with the tests they count.
        var counted = (cases.Count, otherFilesNeeded.Count, withoutDiagnostic.Count, fixesChecked, unboundedCloseFixesChecked);
        var expected = (ExpectedCases, ExpectedMultiFileParts, ExpectedCasesWithoutDiagnostic, ExpectedFixesChecked, ExpectedUnboundedCloseFixesChecked);
        Assert.True(
            counted == expected,
            $"Expected (cases, parts of multi-file tests, without a diagnostic, fixes checked, of them on WS0006) = {expected}, got {counted}. " +
            $"Parts of multi-file tests: {string.Join(", ", otherFilesNeeded.OrderBy(name => name, StringComparer.Ordinal))}. " +
            $"Cases without a diagnostic: {string.Join(", ", withoutDiagnostic.OrderBy(name => name, StringComparer.Ordinal))}");
    }

    /// <summary>The fragile sample's rule files (<c>Ws0001_….cs</c>); its Program.cs only runs them.</summary>
    private static bool IsRuleCase(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(System.IO.Path.GetFileName(name), @"^Ws\d{4}_");

    private static async Task CheckAsync(Document fixedDocument, string what, string id, IReadOnlyCollection<Diagnostic> before, ConcurrentQueue<string> failures)
    {
        var errors = await ErrorsAsync(fixedDocument);
        if (errors.Count > 0)
        {
            failures.Enqueue($"{what} does not compile:\n  {string.Join("\n  ", errors)}\n--- fixed ---\n{(await fixedDocument.GetTextAsync())}");
            return;
        }

        var after = await AnalyzerHost.AnalyzeAsync(fixedDocument, failures);
        if (after.Count(d => d.Id == id) >= before.Count(d => d.Id == id))
        {
            failures.Enqueue($"{what} left every {id} in place:\n--- fixed ---\n{(await fixedDocument.GetTextAsync())}");
        }
    }

    /// <summary>CS0246 (type or namespace not found) and CS0103 (name not found): a name another file declares.</summary>
    private static bool IsMissingName(string error) =>
        error.Contains("error CS0246:", StringComparison.Ordinal) || error.Contains("error CS0103:", StringComparison.Ordinal);

    private static async Task<List<string>> ErrorsAsync(Document document)
    {
        var compilation = await document.Project.GetCompilationAsync();
        return compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
    }

    private static IEnumerable<(CodeFixProvider Fixer, string Key, string Id)> FixAllCandidates(IEnumerable<Diagnostic> diagnostics)
    {
        var ids = diagnostics.Select(d => d.Id).Distinct().ToList();
        foreach (var fixer in AllAnalyzers.CodeFixes)
        {
            foreach (var key in EquivalenceKeys(fixer))
            {
                foreach (var id in ids.Where(fixer.FixableDiagnosticIds.Contains))
                {
                    yield return (fixer, key, id);
                }
            }
        }
    }

    /// <summary>The public <c>…EquivalenceKey</c> constants each fixer declares.</summary>
    private static IEnumerable<string> EquivalenceKeys(CodeFixProvider fixer) =>
        fixer.GetType().GetFields().Where(f => f.IsLiteral && f.Name.EndsWith("EquivalenceKey", StringComparison.Ordinal)).Select(f => (string)f.GetRawConstantValue()!);

    private static async Task<Document?> FixAllInDocumentAsync(Document document, CodeFixProvider fixer, string key, string id, IEnumerable<Diagnostic> diagnostics)
    {
        var provider = fixer.GetFixAllProvider();
        var matching = diagnostics.Where(d => d.Id == id).ToList();
        var context = new FixAllContext(document, fixer, FixAllScope.Document, key, new[] { id }, new FixedDiagnostics(matching), CancellationToken.None);
        var action = await provider!.GetFixAsync(context);
        if (action is null)
        {
            return null;
        }

        var apply = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().SingleOrDefault();
        var changed = apply?.ChangedSolution.GetDocument(document.Id);
        return changed is null || (await changed.GetTextAsync()).ContentEquals(await document.GetTextAsync()) ? null : changed;
    }

    private sealed class FixedDiagnostics(IReadOnlyList<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
    }
}
