using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using WsAnalyzers.CodeFixes.Infrastructure;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Rules;
using WsAnalyzers.Model;

namespace WsAnalyzers.CodeFixes;

/// <summary>
/// WS0002 fixes for reconnect loops: wait with WsResilience's <c>ReconnectBackoff</c> when the project
/// references it, or with an inline full-jitter exponential delay otherwise. Both declare their state
/// before the loop, replace the loop's own delays (or add one at the end of the loop body), and reset
/// after the connect step.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReconnectWithoutBackoffCodeFixProvider)), Shared]
public sealed class ReconnectWithoutBackoffCodeFixProvider : CodeFixProvider
{
    public const string ReconnectBackoffEquivalenceKey = "WS0002.ReconnectBackoff";
    public const string FullJitterEquivalenceKey = "WS0002.FullJitter";

    private const int BaseDelayMilliseconds = 1_000;
    private const int MaxDelayMilliseconds = 30_000;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.ReconnectWithoutBackoff);

    // Several loops in one document share the using directive: fix them in one pass per document.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        (context, document, diagnostics) => FixDocumentAsync(
            document,
            diagnostics,
            context.CodeActionEquivalenceKey == ReconnectBackoffEquivalenceKey,
            context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.Document.RootAndModelAsync(context.CancellationToken).ConfigureAwait(false) is not (var root, var semanticModel))
        {
            return;
        }

        var hasReconnectBackoff = FindReconnectBackoff(semanticModel.Compilation) is not null;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (LoopRewrite.TryCreate(root, semanticModel, diagnostic, new Dictionary<SyntaxNode, HashSet<string>>(), context.CancellationToken) is null)
            {
                continue;
            }

            if (hasReconnectBackoff)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Wait with WsResilience ReconnectBackoff between attempts",
                        token => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), useReconnectBackoff: true, token),
                        ReconnectBackoffEquivalenceKey),
                    diagnostic);
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Wait with exponential backoff and full jitter between attempts",
                    token => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), useReconnectBackoff: false, token),
                    FullJitterEquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>WsResilience's <c>ReconnectBackoff</c> with the members the fix calls, when the compilation can use it.</summary>
    private static INamedTypeSymbol? FindReconnectBackoff(Compilation compilation)
    {
        var type = compilation.GetBestTypeByMetadataName(WsResilienceNames.ReconnectBackoff);
        if (type is null
            || !compilation.IsSymbolAccessibleWithin(type, compilation.Assembly)
            || !type.InstanceConstructors.Any(c => c.Parameters.All(p => p.IsOptional) && compilation.IsSymbolAccessibleWithin(c, compilation.Assembly)))
        {
            return null;
        }

        bool HasMethod(string name) => type.GetMembers(name).OfType<IMethodSymbol>()
            .Any(m => !m.IsStatic && m.Parameters.Length == 0 && compilation.IsSymbolAccessibleWithin(m, compilation.Assembly));

        return HasMethod(WsResilienceNames.ReconnectBackoffNextDelay) && HasMethod(WsResilienceNames.ReconnectBackoffRecordConnected) ? type : null;
    }

    private static async Task<Document> FixDocumentAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, bool useReconnectBackoff, CancellationToken cancellationToken)
    {
        if (await document.RootAndModelAsync(cancellationToken).ConfigureAwait(false) is not (var root, var semanticModel))
        {
            return document;
        }

        var rewrites = new List<LoopRewrite>();
        var namesTakenByMember = new Dictionary<SyntaxNode, HashSet<string>>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (LoopRewrite.TryCreate(root, semanticModel, diagnostic, namesTakenByMember, cancellationToken) is { } rewrite)
            {
                rewrites.Add(rewrite);
            }
        }

        if (rewrites.Count == 0)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var hasRandomShared = semanticModel.Compilation.GetTypeByMetadataName("System.Random")?.GetMembers("Shared").Any(m => m.IsStatic) == true;
        foreach (var rewrite in rewrites)
        {
            rewrite.Apply(editor, useReconnectBackoff, hasRandomShared);
        }

        var newRoot = editor.GetChangedRoot();
        if (useReconnectBackoff
            && newRoot is CompilationUnitSyntax compilationUnit
            && rewrites.Any(r => !r.ReconnectBackoffIsQualified)
            && !IsReconnectBackoffInScope(semanticModel, rewrites[0].Loop.SpanStart))
        {
            newRoot = UsingDirectives.Add(compilationUnit, WsResilienceNames.ReconnectBackoff.Substring(0, WsResilienceNames.ReconnectBackoff.LastIndexOf('.')));
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static bool IsReconnectBackoffInScope(SemanticModel semanticModel, int position)
    {
        var simpleName = WsResilienceNames.ReconnectBackoff.Substring(WsResilienceNames.ReconnectBackoff.LastIndexOf('.') + 1);
        foreach (var symbol in semanticModel.LookupNamespacesAndTypes(position, name: simpleName))
        {
            if (symbol is INamedTypeSymbol type && type.ToDisplayString() == WsResilienceNames.ReconnectBackoff)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the fix changes in one reconnect loop; null from <see cref="TryCreate"/> when the loop has a shape it does not rewrite.</summary>
    private sealed class LoopRewrite
    {
        private LoopRewrite(
            StatementSyntax loop,
            StatementSyntax anchor,
            StatementSyntax connectStatement,
            List<ArgumentSyntax> delayArguments,
            StatementSyntax? appendAfter,
            ExpressionSyntax? cancellationToken,
            Names names,
            TypeNames types,
            InsertedStatements inserted)
        {
            Loop = loop;
            Anchor = anchor;
            ConnectStatement = connectStatement;
            DelayArguments = delayArguments;
            AppendAfter = appendAfter;
            CancellationToken = cancellationToken;
            VariableNames = names;
            Types = types;
            Inserted = inserted;
        }

        private static readonly string[] s_backoffNames = { "backoff", "reconnectBackoff" };
        private static readonly string[] s_attemptNames = { "reconnectAttempt", "attemptSinceConnect" };
        private static readonly string[] s_jitterNames = { "reconnectJitter", "jitter" };

        public StatementSyntax Loop { get; }

        public bool ReconnectBackoffIsQualified => Types.ReconnectBackoff.StartsWith("global::", System.StringComparison.Ordinal);

        /// <summary>The statement to insert the backoff state before: the loop, or its global statement.</summary>
        private StatementSyntax Anchor { get; }

        private StatementSyntax ConnectStatement { get; }

        /// <summary>The length arguments of the loop's own <c>Task.Delay</c>/<c>Thread.Sleep</c> calls.</summary>
        private List<ArgumentSyntax> DelayArguments { get; }

        /// <summary>When the loop has no delay of its own, the last statement of its body, to add one after.</summary>
        private StatementSyntax? AppendAfter { get; }

        private ExpressionSyntax? CancellationToken { get; }

        private Names VariableNames { get; }

        private TypeNames Types { get; }

        private InsertedStatements Inserted { get; }

        /// <param name="namesTakenByMember">
        /// The variable names earlier rewrites of the same pass chose, per member, so that two loops of one
        /// method fixed together do not both declare <c>backoff</c>.
        /// </param>
        public static LoopRewrite? TryCreate(
            SyntaxNode root,
            SemanticModel semanticModel,
            Diagnostic diagnostic,
            Dictionary<SyntaxNode, HashSet<string>> namesTakenByMember,
            CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(ReconnectWithoutBackoffAnalyzer.PathProperty, out var path)
                || path != nameof(ReconnectPathKind.Loop)
                || diagnostic.AdditionalLocations.Count == 0)
            {
                return null;
            }

            var loopSpan = diagnostic.AdditionalLocations[0].SourceSpan;
            var loop = root.FindNode(loopSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .OfType<StatementSyntax>()
                .FirstOrDefault(s => s.Span == loopSpan && s is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax);
            if (loop is null || LoopBody(loop) is not BlockSyntax body || body.Statements.Count == 0)
            {
                return null;
            }

            StatementSyntax anchor = loop;
            if (loop.Parent is GlobalStatementSyntax)
            {
                anchor = loop;
            }
            else if (loop.Parent is not BlockSyntax)
            {
                return null;
            }

            var step = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var connectStatement = step.AncestorsAndSelf()
                .OfType<StatementSyntax>()
                .FirstOrDefault(s => s.Parent is BlockSyntax);
            if (connectStatement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax)
                || !body.Span.Contains(connectStatement.Span))
            {
                return null;
            }

            var delayArguments = new List<ArgumentSyntax>();
            foreach (var invocation in OwnInvocations(body))
            {
                if (semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
                    || !IsDelay(method))
                {
                    continue;
                }

                if (invocation.ArgumentList.Arguments.Count == 0 || invocation.ArgumentList.Arguments[0].NameColon is not null)
                {
                    return null;
                }

                delayArguments.Add(invocation.ArgumentList.Arguments[0]);
            }

            StatementSyntax? appendAfter = null;
            ExpressionSyntax? token = null;
            if (delayArguments.Count == 0)
            {
                if (!CanAwait(loop))
                {
                    return null;
                }

                appendAfter = body.Statements.Last();
                token = FindCancellationToken(semanticModel, step, appendAfter.SpanStart, cancellationToken);
            }

            var member = loop.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)root;
            if (!namesTakenByMember.TryGetValue(member, out var taken))
            {
                taken = new HashSet<string>(System.StringComparer.Ordinal);
                namesTakenByMember.Add(member, taken);
            }

            var names = new Names(
                FreeName(semanticModel, loop, s_backoffNames, taken),
                FreeName(semanticModel, loop, s_attemptNames, taken),
                FreeName(semanticModel, loop, s_jitterNames, taken));
            var types = new TypeNames(semanticModel, loop.SpanStart);
            return new LoopRewrite(loop, anchor, connectStatement, delayArguments, appendAfter, token, names, types, InsertedStatements.For(root));
        }

        public void Apply(SyntaxEditor editor, bool useReconnectBackoff, bool hasRandomShared)
        {
            var state = useReconnectBackoff ? VariableNames.Backoff : VariableNames.Attempt;
            var before = new List<StatementSyntax>();
            if (useReconnectBackoff)
            {
                before.Add(Statement($"var {state} = new {Types.ReconnectBackoff}();"));
            }
            else
            {
                before.Add(Statement($"var {state} = 0;"));
                if (!hasRandomShared)
                {
                    before.Add(Statement($"var {VariableNames.Jitter} = new {Types.Random}();"));
                }
            }

            InsertBefore(editor, before);

            var delay = useReconnectBackoff
                ? $"{state}.{WsResilienceNames.ReconnectBackoffNextDelay}()"
                : $"{Types.TimeSpan}.FromMilliseconds({(hasRandomShared ? Types.Random + ".Shared" : VariableNames.Jitter)}.NextDouble() * " +
                  $"{Types.Math}.Min({MaxDelayMilliseconds}, {BaseDelayMilliseconds} * {Types.Math}.Pow(2, {state}++)))";

            foreach (var argument in DelayArguments)
            {
                editor.ReplaceNode(argument, argument.WithExpression(Expression(delay).WithTriviaFrom(argument.Expression)));
            }

            var reset = Statement(useReconnectBackoff ? $"{state}.{WsResilienceNames.ReconnectBackoffRecordConnected}();" : $"{state} = 0;");
            var after = new List<SyntaxNode> { reset };
            if (AppendAfter is not null)
            {
                var tokenArgument = CancellationToken is null ? string.Empty : ", " + CancellationToken.WithoutTrivia().ToFullString();
                var wait = Statement($"await {Types.Task}.Delay({delay}{tokenArgument});");
                if (ReferenceEquals(AppendAfter, ConnectStatement))
                {
                    after.Add(wait);
                }
                else
                {
                    editor.InsertAfter(AppendAfter, wait);
                }
            }

            editor.InsertAfter(ConnectStatement, after);
        }

        private void InsertBefore(SyntaxEditor editor, List<StatementSyntax> statements)
        {
            if (Anchor.Parent is GlobalStatementSyntax global)
            {
                editor.InsertBefore(global, statements.Select(s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)).ToList());
            }
            else
            {
                editor.InsertBefore(Anchor, statements);
            }
        }

        private StatementSyntax Statement(string text) => Inserted.Parse(text);

        private static ExpressionSyntax Expression(string text) => SyntaxFactory.ParseExpression(text);

        private static StatementSyntax? LoopBody(StatementSyntax loop) => loop switch
        {
            WhileStatementSyntax whileLoop => whileLoop.Statement,
            DoStatementSyntax doLoop => doLoop.Statement,
            ForStatementSyntax forLoop => forLoop.Statement,
            _ => null,
        };

        private static bool IsDelay(IMethodSymbol method)
        {
            var type = method.ContainingType?.ToDisplayString();
            return (method.Name == "Delay" && type == "System.Threading.Tasks.Task")
                || (method.Name == "Sleep" && type == "System.Threading.Thread");
        }

        /// <summary>Calls that run as part of this loop's pass: not in nested loops, lambdas or local functions.</summary>
        private static IEnumerable<InvocationExpressionSyntax> OwnInvocations(BlockSyntax body)
        {
            return body.DescendantNodes(node => node == body || node is not (
                    WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax
                    or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<InvocationExpressionSyntax>();
        }

        private static bool CanAwait(SyntaxNode loop)
        {
            foreach (var ancestor in loop.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                    case LocalFunctionStatementSyntax localFunction:
                        return localFunction.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case MethodDeclarationSyntax method:
                        return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case GlobalStatementSyntax:
                        return true;
                    case MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// The token the connect step already passes, when it is a variable or member also in scope where
        /// the delay goes; otherwise a CancellationToken parameter in scope there; otherwise none.
        /// </summary>
        private static ExpressionSyntax? FindCancellationToken(SemanticModel semanticModel, SyntaxNode step, int position, CancellationToken cancellationToken)
        {
            var call = step.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
            if (call is not null)
            {
                foreach (var argument in call.ArgumentList.Arguments)
                {
                    if (argument.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax
                        && semanticModel.GetTypeInfo(argument.Expression, cancellationToken).Type?.ToDisplayString() == "System.Threading.CancellationToken"
                        && IsInScope(semanticModel, argument.Expression, position, cancellationToken))
                    {
                        return argument.Expression;
                    }
                }
            }

            foreach (var symbol in semanticModel.LookupSymbols(position))
            {
                if (symbol is IParameterSymbol parameter && parameter.Type.ToDisplayString() == "System.Threading.CancellationToken")
                {
                    return SyntaxFactory.IdentifierName(parameter.Name);
                }
            }

            return null;
        }

        private static bool IsInScope(SemanticModel semanticModel, ExpressionSyntax expression, int position, CancellationToken cancellationToken)
        {
            var leftmost = expression;
            while (leftmost is MemberAccessExpressionSyntax access)
            {
                leftmost = access.Expression;
            }

            if (leftmost is not IdentifierNameSyntax identifier
                || semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol is not { } symbol)
            {
                return false;
            }

            if (symbol is INamespaceOrTypeSymbol)
            {
                return expression is MemberAccessExpressionSyntax && symbol is not INamespaceSymbol && expression.ToString() != "CancellationToken.None";
            }

            return semanticModel.LookupSymbols(position, name: identifier.Identifier.ValueText)
                .Any(candidate => SymbolEqualityComparer.Default.Equals(candidate, symbol));
        }

        /// <summary>
        /// How to write each type the fix uses at the loop: its simple name when that binds to it there,
        /// its fully qualified name otherwise. WsResilience's type always gets a using directive when it is not in scope.
        /// </summary>
        private sealed class TypeNames
        {
            public TypeNames(SemanticModel semanticModel, int position)
            {
                TimeSpan = Name(semanticModel, position, "System.TimeSpan");
                Random = Name(semanticModel, position, "System.Random");
                Math = Name(semanticModel, position, "System.Math");
                Task = Name(semanticModel, position, "System.Threading.Tasks.Task");
                var backoff = Name(semanticModel, position, WsResilienceNames.ReconnectBackoff);
                ReconnectBackoff = IsSimpleNameTaken(semanticModel, position, WsResilienceNames.ReconnectBackoff) ? backoff : SimpleName(WsResilienceNames.ReconnectBackoff);
            }

            public string TimeSpan { get; }

            public string Random { get; }

            public string Math { get; }

            public string Task { get; }

            public string ReconnectBackoff { get; }

            private static string Name(SemanticModel semanticModel, int position, string metadataName)
            {
                var simpleName = SimpleName(metadataName);
                foreach (var symbol in semanticModel.LookupNamespacesAndTypes(position, name: simpleName))
                {
                    if (symbol is INamedTypeSymbol type && type.ToDisplayString() == metadataName && type.Arity == 0)
                    {
                        return simpleName;
                    }
                }

                return "global::" + metadataName;
            }

            /// <summary>True when the simple name already means something else at the position.</summary>
            private static bool IsSimpleNameTaken(SemanticModel semanticModel, int position, string metadataName)
            {
                foreach (var symbol in semanticModel.LookupNamespacesAndTypes(position, name: SimpleName(metadataName)))
                {
                    if (symbol is not INamedTypeSymbol type || type.ToDisplayString() != metadataName)
                    {
                        return true;
                    }
                }

                return false;
            }

            private static string SimpleName(string metadataName) => metadataName.Substring(metadataName.LastIndexOf('.') + 1);
        }

        /// <summary>The local names the fix declares, chosen so that they clash with nothing.</summary>
        private sealed class Names
        {
            public Names(string backoff, string attempt, string jitter)
            {
                Backoff = backoff;
                Attempt = attempt;
                Jitter = jitter;
            }

            public string Backoff { get; }

            public string Attempt { get; }

            public string Jitter { get; }
        }

        /// <summary>The first of <paramref name="preferred"/> that nothing in scope or in the enclosing member uses, else the first one numbered.</summary>
        private static string FreeName(SemanticModel semanticModel, SyntaxNode loop, string[] preferred, HashSet<string> taken)
        {
            var member = loop.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)loop.SyntaxTree.GetRoot();
            var used = new HashSet<string>(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            used.UnionWith(taken);
            foreach (var symbol in semanticModel.LookupSymbols(loop.SpanStart))
            {
                used.Add(symbol.Name);
            }

            var chosen = preferred.FirstOrDefault(name => !used.Contains(name));
            for (var suffix = 1; chosen is null; suffix++)
            {
                if (!used.Contains(preferred[0] + suffix))
                {
                    chosen = preferred[0] + suffix;
                }
            }

            taken.Add(chosen);
            return chosen;
        }
    }
}
