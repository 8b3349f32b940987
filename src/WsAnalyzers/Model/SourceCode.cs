using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// The operation trees of the compilation's own members, built on demand and kept once per compilation:
/// a method's body, a local function, a property's getter or initializer, a field's initializer, and all
/// the members of a type. The rules follow evidence into the project's own code through this, so only
/// the members a found path reaches are ever bound, each once however many rules and files ask.
/// </summary>
internal sealed class SourceCode
{
    private static readonly ConditionalWeakTable<Compilation, SourceCode> s_byCompilation = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<ISymbol, IOperation?> _bodies = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, IReadOnlyList<(ISymbol Owner, IOperation Root)>> _typeRoots = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, IReadOnlyList<(ISymbol Owner, IOperation Root)>> _judgedTypeRoots = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> _implementations = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<string, ImmutableArray<ISymbol>> _membersByName = new(System.StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Name, string Word), bool> _methodsSpelling = new();

    private SourceCode(Compilation compilation)
    {
        _compilation = compilation;
    }

    public static SourceCode For(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new SourceCode(c));

    /// <summary>
    /// The code that gives <paramref name="symbol"/> its behaviour or value: a method's or local function's body,
    /// a property's initializer or else its getter, a field's initializer; null for members of referenced assemblies.
    /// </summary>
    public IOperation? Body(ISymbol symbol, CancellationToken cancellationToken)
    {
        symbol = symbol.OriginalDefinition;
        if (symbol.DeclaringSyntaxReferences.IsEmpty)
        {
            return null;
        }

        if (_bodies.TryGetValue(symbol, out var known))
        {
            return known;
        }

        var body = Build(symbol, cancellationToken);
        return _bodies.GetOrAdd(symbol, body);
    }

    /// <summary>The members' operation trees of a type of the compilation, across its partial declarations.</summary>
    public IReadOnlyList<(ISymbol Owner, IOperation Root)> TypeRoots(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        TypeRoots(_typeRoots, type, generatedCodeAttribute: null, cancellationToken);

    /// <summary>
    /// The operation trees of the members a whole-type rule judges: those of <see cref="TypeRoots(INamedTypeSymbol, CancellationToken)"/>
    /// less the members marked <paramref name="generatedCodeAttribute"/>. Built once for all rules and all the type's trees:
    /// the driver drops its semantic model of a tree once that tree is analyzed, so a type in several files was bound
    /// again from each of them, and again for each rule.
    /// </summary>
    public IReadOnlyList<(ISymbol Owner, IOperation Root)> JudgedTypeRoots(INamedTypeSymbol type, INamedTypeSymbol? generatedCodeAttribute, CancellationToken cancellationToken) =>
        TypeRoots(_judgedTypeRoots, type, generatedCodeAttribute, cancellationToken);

    private IReadOnlyList<(ISymbol Owner, IOperation Root)> TypeRoots(
        ConcurrentDictionary<INamedTypeSymbol, IReadOnlyList<(ISymbol Owner, IOperation Root)>> cache,
        INamedTypeSymbol type,
        INamedTypeSymbol? generatedCodeAttribute,
        CancellationToken cancellationToken)
    {
        type = type.OriginalDefinition;
        if (cache.TryGetValue(type, out var known))
        {
            return known;
        }

        var roots = type.DeclaringSyntaxReferences.IsEmpty
            ? new List<(ISymbol, IOperation)>()
            : MentionedTypes.CollectRoots(type, ModelFor(type.DeclaringSyntaxReferences[0].SyntaxTree), generatedCodeAttribute, cancellationToken);
        return cache.GetOrAdd(type, roots);
    }

    /// <summary>
    /// The method a call of <paramref name="method"/> runs: itself when it is neither abstract nor an interface
    /// member nor overridden; the one implementation or override the compilation declares otherwise; null when
    /// there are several (the evidence is unknown) or none.
    /// </summary>
    public IMethodSymbol? Implementation(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        var isInterfaceMember = method.ContainingType?.TypeKind == TypeKind.Interface;
        if (!isInterfaceMember && !method.IsAbstract && !method.IsVirtual && !method.IsOverride)
        {
            return method;
        }

        if (_implementations.TryGetValue(method, out var known))
        {
            return known;
        }

        return _implementations.GetOrAdd(method, FindImplementation(method, isInterfaceMember, cancellationToken));
    }

    private IMethodSymbol? FindImplementation(IMethodSymbol method, bool isInterfaceMember, CancellationToken cancellationToken)
    {
        if (!isInterfaceMember && !method.IsAbstract && method.DeclaringSyntaxReferences.IsEmpty)
        {
            // A virtual member of a referenced assembly: its overrides here are not the only code it may run.
            return null;
        }

        var all = Implementations(method, cancellationToken);
        return all.Count == 1 ? all[0] : null;
    }

    /// <summary>
    /// Every implementation or override of an interface, abstract or virtual method of the compilation that the
    /// compilation declares (the method itself included when it has a body); empty for other methods.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public IReadOnlyList<IMethodSymbol> Implementations(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        var isInterfaceMember = method.ContainingType?.TypeKind == TypeKind.Interface;
        var found = new List<IMethodSymbol>();
        if (!isInterfaceMember && !method.IsAbstract && !method.DeclaringSyntaxReferences.IsEmpty)
        {
            found.Add(method);
        }

        foreach (var candidate in MembersNamed(method.Name, cancellationToken))
        {
            if (candidate is IMethodSymbol { IsAbstract: false } other
                && !SymbolEqualityComparer.Default.Equals(other, method)
                && Implements(other, method, isInterfaceMember))
            {
                found.Add(other);
            }
        }

        return found;
    }

    /// <summary>
    /// The members (not nested types) of the compilation called <paramref name="name"/>, looked up once per name: the
    /// types that declare one come from the <see cref="DeclarationIndex"/>, so only those types' symbols are asked.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public ImmutableArray<ISymbol> MembersNamed(string name, CancellationToken cancellationToken)
    {
        if (_membersByName.TryGetValue(name, out var known))
        {
            return known;
        }

        var members = ImmutableArray.CreateBuilder<ISymbol>();
        var seenTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var (tree, declaration) in DeclarationIndex.For(_compilation).TypesDeclaringMember(name))
        {
            // A partial type's members come from all its parts at once: each type once.
            if (ModelFor(tree).GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol type && seenTypes.Add(type))
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is not INamedTypeSymbol)
                    {
                        members.Add(member);
                    }
                }
            }
        }

        return _membersByName.GetOrAdd(name, members.ToImmutable());
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static bool Implements(IMethodSymbol candidate, IMethodSymbol method, bool isInterfaceMember)
    {
        if (isInterfaceMember)
        {
            var implementation = candidate.ContainingType?.FindImplementationForInterfaceMember(method);
            return SymbolEqualityComparer.Default.Equals(implementation?.OriginalDefinition, candidate);
        }

        for (var overridden = candidate.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, method))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private IOperation? Build(ISymbol symbol, CancellationToken cancellationToken)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            SyntaxNode? node = (symbol, syntax) switch
            {
                (IPropertySymbol, PropertyDeclarationSyntax { Initializer: { } initializer }) => initializer,
                (IPropertySymbol, PropertyDeclarationSyntax) => null,
                (IFieldSymbol, VariableDeclaratorSyntax { Initializer: { } initializer }) => initializer,
                (IMethodSymbol, BaseMethodDeclarationSyntax method) when method.Body is not null || method.ExpressionBody is not null => method,
                (IMethodSymbol, LocalFunctionStatementSyntax localFunction) => localFunction,
                (IMethodSymbol, AccessorDeclarationSyntax accessor) when accessor.Body is not null || accessor.ExpressionBody is not null => accessor,
                (IMethodSymbol, ArrowExpressionClauseSyntax arrow) => arrow,
                _ => null,
            };

            if (symbol is IPropertySymbol { GetMethod: { } getter } && node is null && syntax is PropertyDeclarationSyntax)
            {
                return Body(getter, cancellationToken);
            }

            if (node is not null && (BuiltWithItsType(symbol, node) ?? ModelFor(reference.SyntaxTree).GetOperation(node, cancellationToken)) is { } operation)
            {
                return operation;
            }
        }

        return null;
    }

    /// <summary>
    /// The operation tree of <paramref name="node"/> when the roots of its member's type were built already. The driver
    /// drops a tree's semantic model once that tree is analyzed, so a member of a file analyzed earlier (a client the
    /// connect search reaches from a later file) would otherwise be bound a second time, in a new model.
    /// </summary>
    private IOperation? BuiltWithItsType(ISymbol symbol, SyntaxNode node)
    {
        if (symbol.ContainingType?.OriginalDefinition is not { } type)
        {
            return null;
        }

        return RootOf(_judgedTypeRoots, type, node) ?? RootOf(_typeRoots, type, node);
    }

    private static IOperation? RootOf(
        ConcurrentDictionary<INamedTypeSymbol, IReadOnlyList<(ISymbol Owner, IOperation Root)>> cache,
        INamedTypeSymbol type,
        SyntaxNode node)
    {
        if (cache.TryGetValue(type, out var roots))
        {
            foreach (var (_, root) in roots)
            {
                if (root.Syntax == node)
                {
                    return root;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when a method declaration called <paramref name="name"/>, in any tree, spells <paramref name="word"/> in its code
    /// (<see cref="MemberCodeSpan"/>): the implementations and overrides a call of that name may run all have that name,
    /// so none of them can spell the word when this is false. Read from text, once per name and word, before any
    /// implementation is looked for.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public bool SomeMethodNamedSpells(string name, string word, CancellationToken cancellationToken)
    {
        var key = (name, word);
        if (_methodsSpelling.TryGetValue(key, out var known))
        {
            return known;
        }

        var found = DeclarationIndex.For(_compilation).AnyMethodNamed(
            name,
            (word, cancellationToken),
            static (tree, method, state) => MemberCodeSpan.Spells(tree, method, state.word, state.cancellationToken));
        return _methodsSpelling.GetOrAdd(key, found);
    }

    private SemanticModel ModelFor(SyntaxTree tree)
    {
#pragma warning disable RS1030 // Another tree's member, reached from a found path: with CompilationWithAnalyzers this is the driver's cached model.
        return _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
