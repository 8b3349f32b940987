using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Infrastructure;

/// <summary>Groups of WebSocket API names a rule needs to see spelled out in source before it can fire.</summary>
[Flags]
internal enum Mentions
{
    None = 0,

    /// <summary>
    /// WS0001: <c>ClientWebSocket</c>, <c>CreateFromStream</c>, <c>UseWebSockets</c>, <c>KeepAliveInterval</c>,
    /// <c>CreateClientWebSocket</c>, <c>CreateServerWebSocket</c>, <c>AcceptWebSocketAsync</c>, or a target-typed
    /// <c>new()</c> returned by a lambda (its type may be spelled in another file).
    /// </summary>
    KeepAliveSetup = 1 << 0,

    /// <summary>WS0002, WS0005: <c>ConnectAsync</c>.</summary>
    Connect = 1 << 1,

    /// <summary>WS0003, WS0004: <c>CloseAsync</c> or <c>CloseOutputAsync</c> called with three arguments, the only arity of WebSocket's.</summary>
    CloseCall = 1 << 2,

    /// <summary>WS0004: <c>CloseStatus</c>.</summary>
    CloseStatus = 1 << 3,

    /// <summary>WS0004: <c>ReceiveAsync</c>.</summary>
    Receive = 1 << 4,

    /// <summary>
    /// WS0002, WS0005: a call of a name that says it connects (<c>Connect(</c>, <c>ReconnectAsync(</c>,
    /// <c>ConnectInner(</c>): the project's own connect method, which may wrap <c>ConnectAsync</c> in another file.
    /// </summary>
    ConnectCall = 1 << 5,

    /// <summary>WS0007: <c>AcceptWebSocketAsync</c>, which also counts as <see cref="KeepAliveSetup"/>.</summary>
    Accept = 1 << 6,

    All = KeepAliveSetup | Connect | CloseCall | CloseStatus | Receive | ConnectCall | Accept,
}

/// <summary>
/// Which WebSocket API names each syntax tree spells out, and where, found once per tree and shared by every
/// rule. Every rule fires only on code that calls, reads, sets or creates a WebSocket API by name, so code
/// without those names cannot produce a diagnostic. The per-operation rules (WS0003, WS0004) walk only the
/// operation trees of the members around a mention, the per-type rules (WS0001, WS0002, WS0005) only the types
/// around one (<see cref="MentionedTypes"/>), each from one semantic-model action per tree. Either way the
/// driver builds no IOperation tree of WebSocket-free code on our behalf, and keeps no per-symbol state for us.
/// </summary>
/// <remarks>
/// A <c>global using</c> alias can hide a name from the files that use it, so a compilation that declares one
/// for a WebSocket type turns the filter off (every type is analyzed, as before the filter existed).
/// </remarks>
internal static class SourceMentions
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeMentions> s_byTree = new();
    private static readonly ConditionalWeakTable<Compilation, CompilationMentions> s_byCompilation = new();
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, bool>> s_hasGlobalAlias = new();

    /// <summary>
    /// Runs <paramref name="action"/> on every operation of one of <paramref name="kinds"/> in the executable code
    /// (method body, initializer, top-level statements) around each mention of <paramref name="wanted"/>, once per
    /// tree. For rules that judge one operation at a time from what its own member shows, this is the same set of
    /// operations the driver would hand an operation action, found without a per-symbol action: the driver's
    /// per-symbol bookkeeping for each analyzer that has one costs more than all of our callbacks together.
    /// </summary>
    /// <remarks>
    /// Members marked <c>[GeneratedCode]</c> are skipped, as <see cref="GeneratedCodeAnalysisFlags.None"/> has the
    /// driver skip them; generated files never reach a semantic-model action with that setting.
    /// </remarks>
    public static void RegisterOperationWalkWhereMentioned(
        this CompilationStartAnalysisContext start,
        Mentions wanted,
        Action<MentionedOperationContext> action,
        ImmutableArray<OperationKind> kinds)
    {
        if ((InCompilation(start.Compilation, start.CancellationToken) & wanted) == 0)
        {
            return;
        }

        var generatedCodeAttribute = GeneratedCodeAttributeOnFirstUse(start.Compilation);
        start.RegisterSemanticModelAction(context =>
        {
            var cancellationToken = context.CancellationToken;
            var tree = context.SemanticModel.SyntaxTree;
            var mentions = For(tree, cancellationToken);
            if ((mentions.Found & wanted) == 0)
            {
                return;
            }

            var root = tree.GetRoot(cancellationToken);
            var walked = new HashSet<SyntaxNode>();
            Action<Diagnostic> report = context.ReportDiagnostic;
            foreach (var (position, mention) in mentions.Hits)
            {
                if ((mention & wanted) == 0
                    || OperationRootAt(context.SemanticModel, root, position, cancellationToken) is not { } operationRoot
                    || !walked.Add(operationRoot.Syntax)
                    || IsGeneratedCode(context.SemanticModel.GetEnclosingSymbol(position, cancellationToken), generatedCodeAttribute.Value))
                {
                    continue;
                }

                foreach (var operation in operationRoot.DescendantsAndSelf())
                {
                    if (kinds.Contains(operation.Kind))
                    {
                        action(new MentionedOperationContext(operation, report, cancellationToken));
                    }
                }
            }
        });
    }

    /// <summary>
    /// The same walk for a rule that needs symbols: <paramref name="symbols"/> is asked for its value only once a file
    /// names a wanted API, so a project without WebSocket code never looks them up, and the rule stays silent where
    /// the compilation lacks them.
    /// </summary>
    public static void RegisterOperationWalkWhereMentioned<TSymbols>(
        this CompilationStartAnalysisContext start,
        Mentions wanted,
        Lazy<TSymbols?> symbols,
        Action<MentionedOperationContext, TSymbols> action,
        ImmutableArray<OperationKind> kinds)
        where TSymbols : class
    {
        start.RegisterOperationWalkWhereMentioned(
            wanted,
            operation =>
            {
                if (symbols.Value is { } found)
                {
                    action(operation, found);
                }
            },
            kinds);
    }

    /// <summary>
    /// Registers <paramref name="registerActions"/> to run at the start of a compilation some tree of which spells one of
    /// <paramref name="wanted"/>; every rule registers this way, with a static method that registers its actions. In a
    /// fresh compiler process the runtime compiles each of our methods on its first call, loading every type and
    /// generic instantiation the method names even where that code does not run, and allocates a method's closures
    /// on entry: on a project without WebSocket code, compiling the rules' registrations was most of what they cost.
    /// One shared start action leaves each rule's own registration code uncompiled there.
    /// </summary>
    public static void RegisterCompilationStartWhereSpelled(this AnalysisContext context, Mentions wanted, Action<CompilationStartAnalysisContext> registerActions)
    {
        context.RegisterCompilationStartAction(start =>
        {
            if ((InCompilation(start.Compilation, start.CancellationToken) & wanted) != 0)
            {
                registerActions(start);
            }
        });
    }

    /// <summary>The root of the operation tree that contains the token at <paramref name="position"/>, or null outside executable code.</summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    internal static IOperation? OperationRootAt(SemanticModel semanticModel, SyntaxNode root, int position, CancellationToken cancellationToken)
    {
        for (var node = root.FindToken(position).Parent; node is not null; node = node.Parent)
        {
            if (node is TypeDeclarationSyntax or BaseNamespaceDeclarationSyntax)
            {
                return null;
            }

            if (semanticModel.GetOperation(node, cancellationToken) is { } operation)
            {
                return operation.Root();
            }
        }

        return null;
    }

    /// <summary>The generated-code attribute, looked up only once a file names a WebSocket API.</summary>
    internal static Lazy<INamedTypeSymbol?> GeneratedCodeAttributeOnFirstUse(Compilation compilation) =>
        new(() => FindGeneratedCodeAttribute(compilation), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The attribute whose members the driver skips under <see cref="GeneratedCodeAnalysisFlags.None"/>.</summary>
    internal static INamedTypeSymbol? FindGeneratedCodeAttribute(Compilation compilation) =>
        compilation.GetCoreType("System.CodeDom.Compiler.GeneratedCodeAttribute");

    /// <summary>True when <paramref name="symbol"/> or a symbol around it carries <c>[GeneratedCode]</c>.</summary>
    internal static bool IsGeneratedCode(ISymbol? symbol, INamedTypeSymbol? generatedCodeAttribute)
    {
        if (generatedCodeAttribute is null)
        {
            return false;
        }

        for (; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, generatedCodeAttribute))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The names the tree uses or declares.</summary>
    public static Mentions SpelledIn(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var mentions = For(tree, cancellationToken);
        return mentions.Found | mentions.Declared;
    }

    /// <summary>
    /// What the compilation's trees mention together, from the same per-tree scans; every group when a tree declares a
    /// <c>global using</c> alias, which may hide a name from the files that use it. A rule whose names no tree spells
    /// registers no per-file action at all, so the driver never calls it on a project without WebSocket code.
    /// </summary>
    /// <remarks>
    /// The driver starts the rules on several threads at once, and each asks this first: one of them scans while the
    /// others wait for its answer. Without that they scanned the same files side by side, and contended for the caches.
    /// </remarks>
    public static Mentions InCompilation(Compilation compilation, CancellationToken cancellationToken)
    {
        var shared = s_byCompilation.GetOrCreateValue(compilation);
        if (shared.Found is { } known)
        {
            return known.Value;
        }

        lock (shared)
        {
            if (shared.Found is { } scannedMeanwhile)
            {
                return scannedMeanwhile.Value;
            }

            var found = Mentions.None;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var mentions = For(tree, cancellationToken);
                found |= mentions.DeclaresGlobalAlias ? Mentions.All : mentions.Found;
                if (found == Mentions.All)
                {
                    break;
                }
            }

            shared.Found = new StrongBox<Mentions>(found);
            return found;
        }
    }

    /// <summary>
    /// What a compilation mentions, once one rule has scanned it; a class, so that it can be locked and its answer
    /// published at once. A field, not a property: this is on the path of every build, where each accessor would be
    /// one more method to compile.
    /// </summary>
    private sealed class CompilationMentions
    {
        public volatile StrongBox<Mentions>? Found;

        /// <summary>Whether a tree declares a global alias; computed apart from <see cref="Found"/>, whose scan stops once every name is found.</summary>
        public volatile StrongBox<bool>? DeclaresGlobalAlias;
    }

    internal static TreeMentions For(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (s_byTree.TryGetValue(tree, out var known))
        {
            return known;
        }

        var scanned = MentionScanner.Scan(tree, cancellationToken);
        return s_byTree.AddOrKeep(tree, scanned);
    }

    internal static bool HasWebSocketGlobalAlias(SemanticModel semanticModel, CancellationToken cancellationToken) =>
        HasGlobalAliasSpelling(semanticModel, "WebSocket", cancellationToken);

    /// <summary>
    /// True when a <c>global using</c> alias of the compilation targets a type or namespace whose name spells
    /// <paramref name="word"/>: code anywhere may then use it under a name that does not. The compiler merges the
    /// global aliases of every file into the import scope of each one, so the scope of any one tree answers for the
    /// compilation without reading the other trees.
    /// </summary>
    internal static bool HasGlobalAliasSpelling(SemanticModel semanticModel, string word, CancellationToken cancellationToken)
    {
        var byWord = s_hasGlobalAlias.GetValue(semanticModel.Compilation, static _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
        if (byWord.TryGetValue(word, out var known))
        {
            return known;
        }

        var found = false;
        // At the end of the file: inside a using directive (position 0 may be one) the directives are not in scope.
        var scopes = DeclaresGlobalAlias(semanticModel.Compilation, cancellationToken)
            ? semanticModel.GetImportScopes(semanticModel.SyntaxTree.Length, cancellationToken)
            : ImmutableArray<IImportScope>.Empty;
        foreach (var scope in scopes)
        {
            foreach (var alias in scope.Aliases)
            {
                if (alias.Target.ToDisplayString().IndexOf(word, StringComparison.Ordinal) >= 0 && IsGlobal(alias, cancellationToken))
                {
                    found = true;
                    break;
                }
            }
        }

        return byWord.GetOrAdd(word, found);
    }

    /// <summary>
    /// A tree of the compilation declares a <c>global using</c> alias, as its text scan found. Without one no import scope
    /// needs binding: the first question of each compilation bound the usings of the file that asked.
    /// </summary>
    internal static bool DeclaresGlobalAlias(Compilation compilation, CancellationToken cancellationToken)
    {
        var shared = s_byCompilation.GetOrCreateValue(compilation);
        if (shared.DeclaresGlobalAlias is { } known)
        {
            return known.Value;
        }

        var declares = false;
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (For(tree, cancellationToken).DeclaresGlobalAlias)
            {
                declares = true;
                break;
            }
        }

        shared.DeclaresGlobalAlias = new StrongBox<bool>(declares);
        return declares;
    }

    private static bool IsGlobal(IAliasSymbol alias, CancellationToken cancellationToken)
    {
        foreach (var reference in alias.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is UsingDirectiveSyntax directive && directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What one tree mentions, and where: the position of each accepted name.</summary>
internal sealed class TreeMentions
{
    public static readonly TreeMentions Nothing = new(Mentions.None, Array.Empty<(int, Mentions)>(), Mentions.None, mayDeclarePartialType: false, declaresGlobalAlias: false);

    public TreeMentions(Mentions found, (int Position, Mentions Mention)[] hits, Mentions declared, bool mayDeclarePartialType, bool declaresGlobalAlias)
    {
        Found = found;
        Hits = hits;
        Declared = declared;
        MayDeclarePartialType = mayDeclarePartialType;
        DeclaresGlobalAlias = declaresGlobalAlias;
    }

    /// <summary>The tree declares a <c>global using</c> alias, which may hide a WebSocket name from every file of the compilation.</summary>
    public bool DeclaresGlobalAlias { get; }

    /// <summary>The text contains <c>partial</c>: one of its types may have declarations in other trees.</summary>
    public bool MayDeclarePartialType { get; }

    public Mentions Found { get; }

    public (int Position, Mentions Mention)[] Hits { get; }

    /// <summary>
    /// The method names the tree declares (<c>Task ConnectAsync(…)</c>) without using them: no rule's walk starts
    /// there, but WS0003 follows failure paths from such a file into the WebSocket code it calls.
    /// </summary>
    public Mentions Declared { get; }
}

/// <summary>One operation found by <see cref="SourceMentions.RegisterOperationWalkWhereMentioned"/>: what an operation action would get.</summary>
internal readonly struct MentionedOperationContext
{
    private readonly Action<Diagnostic> _reportDiagnostic;

    public MentionedOperationContext(IOperation operation, Action<Diagnostic> reportDiagnostic, CancellationToken cancellationToken)
    {
        Operation = operation;
        _reportDiagnostic = reportDiagnostic;
        CancellationToken = cancellationToken;
    }

    public IOperation Operation { get; }

    public CancellationToken CancellationToken { get; }

    public void ReportDiagnostic(Diagnostic diagnostic) => _reportDiagnostic(diagnostic);
}
