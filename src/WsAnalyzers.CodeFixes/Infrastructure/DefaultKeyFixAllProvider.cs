using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// The batch fixer, except that a Fix All without an equivalence key applies the fixes with a default key.
/// <c>dotnet format analyzers</c> takes the key from the first finding's first fix; when that finding has no fix
/// (a shape only its author can repair) it asks with no key, and the plain batch fixer would then fix nothing.
/// </summary>
internal sealed class DefaultKeyFixAllProvider : FixAllProvider
{
    private readonly string _defaultKey;

    public DefaultKeyFixAllProvider(string defaultKey) => _defaultKey = defaultKey;

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        WellKnownFixAllProviders.BatchFixer.GetSupportedFixAllScopes();

    public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        if (fixAllContext.CodeActionEquivalenceKey is not null)
        {
            return WellKnownFixAllProviders.BatchFixer.GetFixAsync(fixAllContext);
        }

        var diagnostics = new ForwardingDiagnosticProvider(fixAllContext);
        var keyed = fixAllContext.Document is { } document
            ? new FixAllContext(document, fixAllContext.CodeFixProvider, fixAllContext.Scope, _defaultKey, fixAllContext.DiagnosticIds, diagnostics, fixAllContext.CancellationToken)
            : new FixAllContext(fixAllContext.Project, fixAllContext.CodeFixProvider, fixAllContext.Scope, _defaultKey, fixAllContext.DiagnosticIds, diagnostics, fixAllContext.CancellationToken);
        return WellKnownFixAllProviders.BatchFixer.GetFixAsync(keyed);
    }

    /// <summary>The findings of the original Fix All, whatever its caller's provider computes them from.</summary>
    private sealed class ForwardingDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly FixAllContext _original;

        public ForwardingDiagnosticProvider(FixAllContext original) => _original = original;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Forward(_original.GetDocumentDiagnosticsAsync(document));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Forward(_original.GetProjectDiagnosticsAsync(project));

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Forward(_original.GetAllDiagnosticsAsync(project));

        private static async Task<IEnumerable<Diagnostic>> Forward(Task<System.Collections.Immutable.ImmutableArray<Diagnostic>> diagnostics) =>
            await diagnostics.ConfigureAwait(false);
    }
}
