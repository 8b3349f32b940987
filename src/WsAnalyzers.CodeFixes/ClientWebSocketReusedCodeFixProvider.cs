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

namespace WsAnalyzers.CodeFixes;

/// <summary>
/// WS0005 fix: right before the reused <c>ConnectAsync</c>, dispose the old socket, store a new one made
/// the way the original was, and repeat the original's option setup on it. Offered for locals and
/// fields whose creation and option setup the fix can see and copy.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClientWebSocketReusedCodeFixProvider)), Shared]
public sealed class ClientWebSocketReusedCodeFixProvider : CodeFixProvider
{
    public const string NewInstanceEquivalenceKey = "WS0005.NewInstancePerAttempt";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.ClientWebSocketReused);

    // Two reconnects of one readonly field share the edit that drops 'readonly': fix per document.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        (context, document, diagnostics) => FixDocumentAsync(document, diagnostics, context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.Document.RootAndModelAsync(context.CancellationToken).ConfigureAwait(false) is not (var root, var semanticModel))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Renewal.TryCreate(root, semanticModel, diagnostic, context.CancellationToken) is not { } renewal)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Create a new ClientWebSocket in '{renewal.Name}' before each connect",
                    token => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), token),
                    NewInstanceEquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (await document.RootAndModelAsync(cancellationToken).ConfigureAwait(false) is not (var root, var semanticModel))
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var madeWritable = new HashSet<FieldDeclarationSyntax>();
        var changed = false;
        foreach (var diagnostic in diagnostics)
        {
            if (Renewal.TryCreate(root, semanticModel, diagnostic, cancellationToken) is { } renewal)
            {
                renewal.Apply(editor, madeWritable);
                changed = true;
            }
        }

        return changed ? document.WithSyntaxRoot(editor.GetChangedRoot()) : document;
    }

    /// <summary>The statements that renew one reused socket; null from <see cref="TryCreate"/> when the fix cannot copy its setup.</summary>
    private sealed class Renewal
    {
        private Renewal(
            string name,
            StatementSyntax connectStatement,
            ExpressionSyntax creation,
            List<ExpressionStatementSyntax> optionSetup,
            bool mayBeNull,
            FieldDeclarationSyntax? readonlyField,
            InsertedStatements inserted)
        {
            Name = name;
            ConnectStatement = connectStatement;
            Creation = creation;
            OptionSetup = optionSetup;
            MayBeNull = mayBeNull;
            ReadonlyField = readonlyField;
            Inserted = inserted;
        }

        public string Name { get; }

        private StatementSyntax ConnectStatement { get; }

        private ExpressionSyntax Creation { get; }

        private List<ExpressionStatementSyntax> OptionSetup { get; }

        private bool MayBeNull { get; }

        /// <summary>A readonly field must lose the modifier before it can take the new instance.</summary>
        private FieldDeclarationSyntax? ReadonlyField { get; }

        private InsertedStatements Inserted { get; }

        public static Renewal? TryCreate(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var invocation = node.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
            var receiver = invocation?.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Expression,
                MemberBindingExpressionSyntax when invocation.Parent is ConditionalAccessExpressionSyntax conditional => conditional.Expression,
                _ => null,
            };
            if (invocation is null || receiver is null)
            {
                return null;
            }

            var connectStatement = invocation.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent is BlockSyntax);
            if (connectStatement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax))
            {
                return null;
            }

            var symbol = semanticModel.GetSymbolInfo(receiver, cancellationToken).Symbol;
            var member = invocation.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (member is null)
            {
                return null;
            }

            ExpressionSyntax? creation;
            FieldDeclarationSyntax? readonlyField = null;
            SyntaxNode setupScope;
            switch (symbol)
            {
                case ILocalSymbol local:
                    if (local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax
                        {
                            Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration },
                        } declarator
                        || declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
                    {
                        return null;
                    }

                    creation = declarator.Initializer?.Value;
                    setupScope = member;
                    break;

                case IFieldSymbol field when field.DeclaringSyntaxReferences.Length == 1:
                    if (field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax
                        {
                            Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax fieldDeclaration } variables,
                        } fieldDeclarator
                        || fieldDeclarator.SyntaxTree != root.SyntaxTree)
                    {
                        return null;
                    }

                    if (field.IsReadOnly)
                    {
                        if (variables.Variables.Count != 1 || field.IsStatic)
                        {
                            return null;
                        }

                        readonlyField = fieldDeclaration;
                    }

                    creation = fieldDeclarator.Initializer?.Value ?? SingleAssignedCreation(semanticModel, member, field, cancellationToken);
                    setupScope = fieldDeclaration.Parent!;
                    break;

                default:
                    return null;
            }

            if (creation is not (ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax)
                || semanticModel.GetTypeInfo(creation, cancellationToken).Type?.ToDisplayString() != "System.Net.WebSockets.ClientWebSocket"
                || FindOptionSetup(semanticModel, setupScope, symbol, creation, connectStatement, cancellationToken) is not { } optionSetup)
            {
                return null;
            }

            var mayBeNull = symbol is ILocalSymbol { Type.NullableAnnotation: NullableAnnotation.Annotated }
                or IFieldSymbol { Type.NullableAnnotation: NullableAnnotation.Annotated };
            return new Renewal(receiver.ToString(), connectStatement, creation, optionSetup, mayBeNull, readonlyField, InsertedStatements.For(root));
        }

        public void Apply(SyntaxEditor editor, HashSet<FieldDeclarationSyntax> madeWritable)
        {
            var statements = new List<SyntaxNode>
            {
                Inserted.Parse($"{Name}{(MayBeNull ? "?" : string.Empty)}.Dispose();"),
                Inserted.Parse($"{Name} = {Creation.WithoutTrivia().ToFullString()};"),
            };
            foreach (var setup in OptionSetup)
            {
                statements.Add(Inserted.Lay(setup));
            }

            editor.InsertBefore(ConnectStatement, statements);

            if (ReadonlyField is not null && madeWritable.Add(ReadonlyField))
            {
                var modifiers = ReadonlyField.Modifiers;
                var readonlyModifier = modifiers.First(m => m.IsKind(SyntaxKind.ReadOnlyKeyword));
                editor.ReplaceNode(ReadonlyField, ReadonlyField.WithModifiers(modifiers.Remove(readonlyModifier)));
            }
        }

        /// <summary>For a field with no initializer, the one <c>new ClientWebSocket(…)</c> the reconnecting member stores in it.</summary>
        private static ExpressionSyntax? SingleAssignedCreation(SemanticModel semanticModel, SyntaxNode member, IFieldSymbol field, CancellationToken cancellationToken)
        {
            ExpressionSyntax? found = null;
            foreach (var assignment in member.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(assignment.Left, cancellationToken).Symbol, field))
                {
                    if (found is not null)
                    {
                        return null;
                    }

                    found = assignment.Right;
                }
            }

            return found;
        }

        /// <summary>
        /// The statements that configure the socket's options (<c>ws.Options.X = …;</c>, <c>ws.Options.SetRequestHeader(…);</c>)
        /// before the connect. Null when an options use is anywhere the fix could not copy it from faithfully.
        /// </summary>
        private static List<ExpressionStatementSyntax>? FindOptionSetup(
            SemanticModel semanticModel, SyntaxNode scope, ISymbol? socket, ExpressionSyntax creation, StatementSyntax connectStatement, CancellationToken cancellationToken)
        {
            var setup = new List<ExpressionStatementSyntax>();
            foreach (var access in scope.DescendantNodes().OfType<MemberAccessExpressionSyntax>())
            {
                if (access.Name.Identifier.ValueText != "Options"
                    || !SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(access.Expression, cancellationToken).Symbol, socket))
                {
                    continue;
                }

                var statement = access.FirstAncestorOrSelf<StatementSyntax>();
                var member = statement?.FirstAncestorOrSelf<MemberDeclarationSyntax>();
                var runsFirst = member == connectStatement.FirstAncestorOrSelf<MemberDeclarationSyntax>()
                    ? statement!.SpanStart < connectStatement.SpanStart && !IsInLoop(statement, connectStatement)
                    : member is ConstructorDeclarationSyntax;
                // Setup under a condition or in a try may not have run: only straight-line setup is copied.
                var runsUnconditionally = statement?.Parent is BlockSyntax block
                    && (block.Parent is BaseMethodDeclarationSyntax || block == creation.FirstAncestorOrSelf<BlockSyntax>());
                if (statement is not ExpressionStatementSyntax expressionStatement || !runsFirst || !runsUnconditionally)
                {
                    return null;
                }

                setup.Add(expressionStatement);
            }

            return setup;
        }

        /// <summary>True when the setup runs inside a loop around the connect: it already runs per attempt, before the fix's renewal or not.</summary>
        private static bool IsInLoop(SyntaxNode statement, SyntaxNode connectStatement)
        {
            foreach (var loop in connectStatement.Ancestors())
            {
                if (loop is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax
                    && loop.Span.Contains(statement.Span))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
