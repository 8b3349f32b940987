using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// How many findings of a rule a document holds, by running the rule's analyzer on it. For the few fixes whose
/// effect depends on code the fixer cannot see (detection elsewhere in the type), so that a fix is offered only
/// when it removes a finding.
/// </summary>
internal static class RemainingFindings
{
    public static async Task<int> CountAsync(Document document, DiagnosticAnalyzer analyzer, string id, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (tree is null || compilation is null)
        {
            return 0;
        }

        var withAnalyzer = compilation.WithAnalyzers(
            ImmutableArray.Create(analyzer),
            new CompilationWithAnalyzersOptions(document.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzer.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, cancellationToken).ConfigureAwait(false);
        return diagnostics.Count(diagnostic => diagnostic.Id == id);
    }
}
