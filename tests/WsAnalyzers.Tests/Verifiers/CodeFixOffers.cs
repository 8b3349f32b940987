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

namespace WsAnalyzers.Tests.Verifiers;

/// <summary>
/// Lists the code actions a fixer offers for each diagnostic, for the tests that must prove a fix is
/// <em>not</em> offered (the testing library can only check the fixes that are). It fails when the analyzer reports
/// nothing the fixer handles, so an empty list always means "found, and no fix offered".
/// </summary>
public static class CodeFixOffers
{
    public static async Task<IReadOnlyList<string>> GetEquivalenceKeysAsync<TAnalyzer, TCodeFix>(
        string source, TargetFramework framework, bool withWsResilience)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var references = await framework.ReferenceAssemblies().ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        if (withWsResilience)
        {
            references = references.Add(TestReferences.WsResilienceFor(framework));
        }

        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Test", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .WithMetadataReferences(references);
        var document = project.AddDocument("Test.cs", SourceText.From(source));

        var compilation = await document.Project.GetCompilationAsync();
        var diagnostics = await compilation!
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();

        var fixer = new TCodeFix();
        var fixable = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToList();

        // "No fix is offered" means something only when there is a finding to offer it for.
        Xunit.Assert.True(fixable.Count > 0, $"{typeof(TAnalyzer).Name} reported nothing {typeof(TCodeFix).Name} could fix in the source.");
        var keys = new List<string>();
        foreach (var diagnostic in fixable)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await fixer.RegisterCodeFixesAsync(context);
            keys.AddRange(actions.Select(a => a.EquivalenceKey ?? a.Title));
        }

        return keys;
    }
}
