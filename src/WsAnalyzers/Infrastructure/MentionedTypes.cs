using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Model;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// Whole-type analysis without symbol-start actions. The rules that judge a type as a whole (WS0001, WS0002,
/// WS0005) used to collect every type's operation blocks through a symbol-start action; the driver's per-symbol
/// bookkeeping for that costs more on a large code base than everything the rules do. Here one semantic-model
/// action per tree finds the types around the names a rule needs (see <see cref="SourceMentions"/>), builds the
/// operation trees of their members, across all their partial declarations, and hands each type to the rule.
/// </summary>
/// <remarks>
/// Each tree reports only the diagnostics located in it, so that live analysis of one document shows all of its
/// findings. A type is analyzed from every tree that declares part of it when any of its declarations mentions a
/// wanted name; that way a finding in a part that spells no name (a loop calling a connect method declared in
/// another file) is still reported, from its own tree.
/// </remarks>
internal static class MentionedTypes
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, (INamedTypeSymbol Type, Mentions MentionedInParts)[]>> s_sharedTypes = new();
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<(SyntaxTree Tree, object SharedBy), INamedTypeSymbol[]>> s_judgedTypes = new();

    /// <param name="sharedBy">
    /// Set by rules that pass the same <paramref name="wanted"/> and <paramref name="mayMatter"/> (WS0002 and WS0005):
    /// the types a tree hands over are then found once per compilation and tree for all of them.
    /// </param>
    public static void RegisterTypeAnalysisWhereMentioned(
        this CompilationStartAnalysisContext start,
        Mentions wanted,
        Action<MentionedTypeContext> analyzeType,
        Func<INamedTypeSymbol, SemanticModel, CancellationToken, bool>? mayMatter = null,
        object? sharedBy = null)
    {
        if ((SourceMentions.InCompilation(start.Compilation, start.CancellationToken) & wanted) == 0)
        {
            return;
        }

        var generatedCodeAttributeOnFirstUse = SourceMentions.GeneratedCodeAttributeOnFirstUse(start.Compilation);

        // Known from the scans once per compilation: without a global alias no tree needs to ask for one, and every tree asks.
        var mayHaveGlobalAlias = SourceMentions.DeclaresGlobalAlias(start.Compilation, start.CancellationToken);
        var judgedByTree = sharedBy is null
            ? null
            : s_judgedTypes.GetValue(start.Compilation, static _ => new ConcurrentDictionary<(SyntaxTree, object), INamedTypeSymbol[]>());
        start.RegisterSemanticModelAction(context =>
        {
            var cancellationToken = context.CancellationToken;
            var semanticModel = context.SemanticModel;
            var tree = semanticModel.SyntaxTree;
            INamedTypeSymbol[]? judged = null;
            if (judgedByTree is null || !judgedByTree.TryGetValue((tree, sharedBy!), out judged))
            {
                judged = TypesToJudge(semanticModel, wanted, mayMatter, mayHaveGlobalAlias, generatedCodeAttributeOnFirstUse, cancellationToken);

                // Most trees are ruled out by their mentions alone, which costs less than remembering them.
                if (judged is null)
                {
                    return;
                }

                judged = judgedByTree?.GetOrAdd((tree, sharedBy!), judged) ?? judged;
            }

            foreach (var type in judged)
            {
                var roots = SourceCode.For(semanticModel.Compilation).JudgedTypeRoots(type, generatedCodeAttributeOnFirstUse.Value, cancellationToken);
                analyzeType(new MentionedTypeContext(type, roots, context.Options, tree, context.ReportDiagnostic, cancellationToken));
            }
        });
    }

    /// <summary>
    /// The types the tree hands over: those around its mentions of <paramref name="wanted"/>, those it shares with trees
    /// that mention it, or every type under a global alias of <c>WebSocket</c>; less those <paramref name="mayMatter"/>
    /// rules out and generated ones. Null when the tree's mentions alone show it hands over none.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static INamedTypeSymbol[]? TypesToJudge(
        SemanticModel semanticModel,
        Mentions wanted,
        Func<INamedTypeSymbol, SemanticModel, CancellationToken, bool>? mayMatter,
        bool mayHaveGlobalAlias,
        Lazy<INamedTypeSymbol?> generatedCodeAttributeOnFirstUse,
        CancellationToken cancellationToken)
    {
        var tree = semanticModel.SyntaxTree;
        var mentions = SourceMentions.For(tree, cancellationToken);
        var unfiltered = mayHaveGlobalAlias && SourceMentions.HasWebSocketGlobalAlias(semanticModel, cancellationToken);
        if (tree.GetRoot(cancellationToken) is not CompilationUnitSyntax unit)
        {
            return null;
        }

        // Top-level statements belong to a Program type that other files may complete.
        var hasTopLevelStatements = HasTopLevelStatements(unit);
        if ((mentions.Found & wanted) == 0 && !mentions.MayDeclarePartialType && !hasTopLevelStatements && !unfiltered)
        {
            return null;
        }

        var types = new List<INamedTypeSymbol>();
        var seenTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var seenDeclarations = new HashSet<SyntaxNode>();
        foreach (var (position, mention) in mentions.Hits)
        {
            if ((mention & wanted) != 0
                && DeclarationAt(unit, position) is { } declaration
                && seenDeclarations.Add(declaration)
                && DeclaredType(semanticModel, declaration, cancellationToken) is { } type
                && seenTypes.Add(type))
            {
                types.Add(type);
            }
        }

        if (unfiltered)
        {
            foreach (var declaration in Declarations(unit))
            {
                if (!seenDeclarations.Contains(declaration)
                    && DeclaredType(semanticModel, declaration, cancellationToken) is { } type
                    && seenTypes.Add(type))
                {
                    types.Add(type);
                }
            }
        }
        else if (mentions.MayDeclarePartialType || hasTopLevelStatements)
        {
            foreach (var shared in SharedTypesOf(semanticModel, unit, cancellationToken))
            {
                if ((shared.MentionedInParts & wanted) != 0 && seenTypes.Add(shared.Type))
                {
                    types.Add(shared.Type);
                }
            }
        }

        if (types.Count == 0)
        {
            return Array.Empty<INamedTypeSymbol>();
        }

        var judged = new List<INamedTypeSymbol>(types.Count);
        foreach (var type in types)
        {
            // The rule's own filter first: it may rule a type out from syntax, before the attribute is looked up.
            if ((mayMatter is null || mayMatter(type, semanticModel, cancellationToken))
                && !SourceMentions.IsGeneratedCode(type, generatedCodeAttributeOnFirstUse.Value))
            {
                judged.Add(type);
            }
        }

        return judged.ToArray();
    }

    /// <summary>
    /// The declaration whose own code holds <paramref name="position"/>: the innermost class, struct, record or
    /// interface, or the compilation unit for top-level statements; null elsewhere.
    /// </summary>
    private static SyntaxNode? DeclarationAt(CompilationUnitSyntax unit, int position)
    {
        for (var node = unit.FindToken(position).Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case TypeDeclarationSyntax type:
                    return type;
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax or BaseNamespaceDeclarationSyntax:
                    return null;
                case GlobalStatementSyntax:
                    return unit;
            }
        }

        return null;
    }

    private static INamedTypeSymbol? DeclaredType(SemanticModel semanticModel, SyntaxNode declaration, CancellationToken cancellationToken)
    {
        return declaration switch
        {
            TypeDeclarationSyntax type => semanticModel.GetDeclaredSymbol(type, cancellationToken),
            CompilationUnitSyntax unit => semanticModel.GetDeclaredSymbol(unit, cancellationToken)?.ContainingType,
            _ => null,
        };
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static bool HasTopLevelStatements(CompilationUnitSyntax unit)
    {
        foreach (var member in unit.Members)
        {
            if (member is GlobalStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every type declaration of the tree (nested ones too), and the compilation unit when it has top-level statements.</summary>
    private static IEnumerable<SyntaxNode> Declarations(CompilationUnitSyntax unit)
    {
        if (HasTopLevelStatements(unit))
        {
            yield return unit;
        }

        var pending = new Stack<MemberDeclarationSyntax>();
        for (var index = unit.Members.Count - 1; index >= 0; index--)
        {
            pending.Push(unit.Members[index]);
        }

        while (pending.Count > 0)
        {
            var member = pending.Pop();
            SyntaxList<MemberDeclarationSyntax> children;
            switch (member)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    children = ns.Members;
                    break;
                case TypeDeclarationSyntax type:
                    yield return type;
                    children = type.Members;
                    break;
                default:
                    continue;
            }

            for (var index = children.Count - 1; index >= 0; index--)
            {
                if (children[index] is BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
                {
                    pending.Push(children[index]);
                }
            }
        }
    }

    /// <summary>
    /// The types this tree shares with other trees (its partial types, and the <c>Program</c> of its top-level
    /// statements) with what all their declarations mention, found once per compilation and tree for every rule.
    /// </summary>
    private static (INamedTypeSymbol Type, Mentions MentionedInParts)[] SharedTypesOf(SemanticModel semanticModel, CompilationUnitSyntax unit, CancellationToken cancellationToken)
    {
        var byTree = s_sharedTypes.GetValue(semanticModel.Compilation, static _ => new ConcurrentDictionary<SyntaxTree, (INamedTypeSymbol Type, Mentions MentionedInParts)[]>());
        if (byTree.TryGetValue(semanticModel.SyntaxTree, out var known))
        {
            return known;
        }

        var shared = new List<(INamedTypeSymbol Type, Mentions MentionedInParts)>();
        var seenTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var declaration in Declarations(unit))
        {
            if ((declaration is CompilationUnitSyntax || ((TypeDeclarationSyntax)declaration).Modifiers.Any(SyntaxKind.PartialKeyword))
                && DeclaredType(semanticModel, declaration, cancellationToken) is { } type
                && seenTypes.Add(type)
                && MentionsInParts(type, cancellationToken) is var mentioned and not Mentions.None)
            {
                shared.Add((type, mentioned));
            }
        }

        return byTree.GetOrAdd(semanticModel.SyntaxTree, shared.ToArray());
    }

    /// <summary>What the declarations of <paramref name="type"/>, in every tree, mention in their own code.</summary>
    private static Mentions MentionsInParts(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var found = Mentions.None;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var mentions = SourceMentions.For(reference.SyntaxTree, cancellationToken);
            if ((mentions.Found & ~found) == 0
                || reference.SyntaxTree.GetRoot(cancellationToken) is not CompilationUnitSyntax unit)
            {
                continue;
            }

            var declaration = reference.GetSyntax(cancellationToken);
            foreach (var (position, mention) in mentions.Hits)
            {
                if ((mention & ~found) != 0 && declaration.Span.Contains(position) && DeclarationAt(unit, position) == declaration)
                {
                    found |= mention;
                }
            }
        }

        return found;
    }

    /// <summary>The operation trees of the type's own members (not nested types'): bodies, accessors, initializers, top-level statements.</summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    internal static List<(ISymbol Owner, IOperation Root)> CollectRoots(
        INamedTypeSymbol type,
        SemanticModel semanticModel,
        INamedTypeSymbol? generatedCodeAttribute,
        CancellationToken cancellationToken)
    {
        var roots = new List<(ISymbol Owner, IOperation Root)>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var model = reference.SyntaxTree == semanticModel.SyntaxTree
                ? semanticModel
#pragma warning disable RS1030 // A part of a partial type in another tree: with CompilationWithAnalyzers this is the driver's cached model.
                : semanticModel.Compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
            var collector = new RootCollector(model, roots, generatedCodeAttribute, cancellationToken);
            switch (reference.GetSyntax(cancellationToken))
            {
                case TypeDeclarationSyntax declaration:
                    foreach (var member in declaration.Members)
                    {
                        collector.AddMember(member);
                    }

                    break;
                case CompilationUnitSyntax unit:
                    collector.Add(unit, model.GetDeclaredSymbol(unit, cancellationToken));
                    break;
            }
        }

        return roots;
    }

    private readonly struct RootCollector
    {
        private readonly SemanticModel _model;
        private readonly List<(ISymbol Owner, IOperation Root)> _roots;
        private readonly INamedTypeSymbol? _generatedCodeAttribute;
        private readonly CancellationToken _cancellationToken;

        public RootCollector(SemanticModel model, List<(ISymbol Owner, IOperation Root)> roots, INamedTypeSymbol? generatedCodeAttribute, CancellationToken cancellationToken)
        {
            _model = model;
            _roots = roots;
            _generatedCodeAttribute = generatedCodeAttribute;
            _cancellationToken = cancellationToken;
        }

        [MethodImpl(JitHints.OptimizeAtOnce)]
        public void AddMember(MemberDeclarationSyntax member)
        {
            switch (member)
            {
                case BaseMethodDeclarationSyntax method:
                    Add(method, _model.GetDeclaredSymbol(method, _cancellationToken));
                    break;

                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Initializer is { } initializer)
                        {
                            Add(initializer, _model.GetDeclaredSymbol(variable, _cancellationToken));
                        }
                    }

                    break;

                case BasePropertyDeclarationSyntax property:
                    AddProperty(property);
                    break;
            }
        }

        public void Add(SyntaxNode node, ISymbol? owner)
        {
            if (owner is not null
                && !SourceMentions.IsGeneratedCode(owner, _generatedCodeAttribute)
                && _model.GetOperation(node, _cancellationToken) is { } operation)
            {
                _roots.Add((owner, operation));
            }
        }

        private void AddProperty(BasePropertyDeclarationSyntax property)
        {
            var symbol = _model.GetDeclaredSymbol(property, _cancellationToken);
            switch (property)
            {
                case PropertyDeclarationSyntax { ExpressionBody: { } body }:
                    Add(body, (symbol as IPropertySymbol)?.GetMethod);
                    break;
                case IndexerDeclarationSyntax { ExpressionBody: { } body }:
                    Add(body, (symbol as IPropertySymbol)?.GetMethod);
                    break;
            }

            if (property is PropertyDeclarationSyntax { Initializer: { } initializer })
            {
                Add(initializer, symbol);
            }

            if (property.AccessorList is { } accessors)
            {
                foreach (var accessor in accessors.Accessors)
                {
                    if (accessor.Body is not null || accessor.ExpressionBody is not null)
                    {
                        Add(accessor, _model.GetDeclaredSymbol(accessor, _cancellationToken));
                    }
                }
            }
        }
    }
}

/// <summary>One type found by <see cref="MentionedTypes.RegisterTypeAnalysisWhereMentioned"/>, with the operation trees of its members.</summary>
internal readonly struct MentionedTypeContext
{
    private readonly SyntaxTree _tree;
    private readonly Action<Diagnostic> _reportDiagnostic;

    public MentionedTypeContext(
        INamedTypeSymbol type,
        IReadOnlyList<(ISymbol Owner, IOperation Root)> roots,
        AnalyzerOptions options,
        SyntaxTree tree,
        Action<Diagnostic> reportDiagnostic,
        CancellationToken cancellationToken)
    {
        Type = type;
        Roots = roots;
        Options = options;
        _tree = tree;
        _reportDiagnostic = reportDiagnostic;
        CancellationToken = cancellationToken;
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>The bodies, accessors and initializers of the type's members, with the member each belongs to.</summary>
    public IReadOnlyList<(ISymbol Owner, IOperation Root)> Roots { get; }

    public AnalyzerOptions Options { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Reports a diagnostic located in the tree being analyzed; the other trees of the type report their own.</summary>
    public void ReportDiagnostic(Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree == _tree)
        {
            _reportDiagnostic(diagnostic);
        }
    }
}
