using System;
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
using Microsoft.CodeAnalysis.Text;
using WsAnalyzers.Tests.Verifiers;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// Runs every WsAnalyzers analyzer, and optionally every offered code fix, over arbitrary sources the way
/// the IDE does, recording whatever they throw instead of letting it escape.
/// </summary>
public sealed class AnalyzerHost
{
    private readonly ImmutableArray<MetadataReference> _references;

    private AnalyzerHost(ImmutableArray<MetadataReference> references) => _references = references;

    public static async Task<AnalyzerHost> CreateAsync(bool withWsResilience = false)
    {
        var references = await TestReferences.Net90WithAspNetCore.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        return new AnalyzerHost(withWsResilience ? references.Add(TestReferences.WsResilience) : references);
    }

    public CSharpCompilation Compile(params (string Name, string Text)[] sources) =>
        Compile(OutputKind.DynamicallyLinkedLibrary, sources);

    /// <summary>As <paramref name="outputKind"/>: a console application for sources with top-level statements.</summary>
    public CSharpCompilation Compile(OutputKind outputKind, params (string Name, string Text)[] sources) => CSharpCompilation.Create(
        "Analyzed",
        sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, new CSharpParseOptions(LanguageVersion.CSharp12), path: s.Name)),
        _references,
        new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The analyzers' diagnostics; every exception an analyzer threw is added to <paramref name="failures"/>.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ConcurrentQueue<string> failures)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => failures.Enqueue($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(AllAnalyzers.Analyzers, options).GetAnalyzerDiagnosticsAsync();
        foreach (var crash in diagnostics.Where(d => d.Id == "AD0001"))
        {
            failures.Enqueue(crash.ToString());
        }

        return diagnostics;
    }

    /// <summary>
    /// A document holding <paramref name="source"/> in a new workspace with the host's references: an executable when
    /// the source has top-level statements (a library cannot hold them), a library otherwise.
    /// </summary>
    public Document CreateDocument(AdhocWorkspace workspace, string source) =>
        workspace.AddProject("Fixed", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKindOf(source), nullableContextOptions: NullableContextOptions.Enable))
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.CSharp12))
            .WithMetadataReferences(_references)
            .AddDocument("Fixed.cs", SourceText.From(source));

    public static OutputKind OutputKindOf(string source) =>
        CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12)).GetCompilationUnitRoot().Members
            .Any(member => member is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax)
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;

    /// <summary>The analyzers' diagnostics for <paramref name="document"/>, located in its own syntax tree.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document, ConcurrentQueue<string> failures) =>
        await AnalyzeAsync((await document.Project.GetCompilationAsync())!, failures);

    /// <summary>
    /// Asks every fixer for its actions on every diagnostic and computes each action's result.
    /// Exceptions are added to <paramref name="failures"/>.
    /// </summary>
    public static async Task<IReadOnlyList<(CodeAction Action, Diagnostic Diagnostic, Solution Changed)>> ApplyEveryFixAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, ConcurrentQueue<string> failures)
    {
        var results = new List<(CodeAction, Diagnostic, Solution)>();
        foreach (var diagnostic in diagnostics)
        {
            foreach (var fixer in AllAnalyzers.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                try
                {
                    var actions = new List<CodeAction>();
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                    foreach (var action in actions)
                    {
                        foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
                        {
                            if (operation is ApplyChangesOperation apply)
                            {
                                results.Add((action, diagnostic, apply.ChangedSolution));
                            }
                        }
                    }
                }
                catch (Exception exception)
                {
                    failures.Enqueue($"{fixer.GetType().Name} on {diagnostic.Id}: {exception}");
                }
            }
        }

        return results;
    }
}
