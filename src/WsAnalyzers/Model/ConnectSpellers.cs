using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// The names under which code can call a member of the compilation whose own code spells <c>ConnectAsync</c>:
/// such a method (or a local function), a delegate-typed field or property whose initializer does, or one a
/// constructor that does stores to; and <c>ConnectAsync</c> itself. A member one call away from the socket's connect
/// calls one of these; a member two calls away calls something whose code names one of them. So a method whose code
/// names none of them cannot reach the connect within two calls, and <see cref="ConnectMethods"/> never binds it to
/// find out.
/// </summary>
/// <remarks>
/// Found from the text positions <see cref="SourceMentions"/> keeps for every tree (a mention in a comment or a string
/// counts, which only adds names). Each tree's names are kept with the tree, so a new compilation after an edit only
/// reads the trees that changed.
/// </remarks>
internal sealed class ConnectSpellers
{
    private const string ConnectAsync = "ConnectAsync";

    /// <summary>Up to this many names, a member's text is searched once per name; beyond, its tokens are read once.</summary>
    private const int MaxNamesSearchedAsText = 16;

    private static readonly ConditionalWeakTable<SyntaxTree, string[]> s_byTree = new();
    private static readonly ConditionalWeakTable<Compilation, ConnectSpellers> s_byCompilation = new();

    private readonly Compilation _compilation;
    private readonly HashSet<string> _names;
    private readonly ConcurrentDictionary<string, bool> _namedInMethodsNamed = new(System.StringComparer.Ordinal);

    private ConnectSpellers(Compilation compilation, HashSet<string> names)
    {
        _compilation = compilation;
        _names = names;
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    public static ConnectSpellers For(Compilation compilation, CancellationToken cancellationToken)
    {
        if (s_byCompilation.TryGetValue(compilation, out var known))
        {
            return known;
        }

        var names = new HashSet<string>(System.StringComparer.Ordinal) { ConnectAsync };
        foreach (var tree in compilation.SyntaxTrees)
        {
            // Most trees name no connect: adding their empty arrays would still allocate an enumerator for each.
            if (NamesIn(tree, cancellationToken) is { Length: > 0 } found)
            {
                names.UnionWith(found);
            }
        }

        return s_byCompilation.AddOrKeep(compilation, new ConnectSpellers(compilation, names));
    }

    /// <summary>
    /// True when the declaration's code (<see cref="MemberCodeSpan"/>) may name one of the members. Read from the tree's
    /// text while the names are few: a comment, a string or a longer identifier may say yes where the code does not (the
    /// member is then bound, as before), but a name missing from the text is certainly not called. Reading the tokens
    /// instead made the syntax nodes of every member asked about, each compilation.
    /// </summary>
    public bool AreNamedIn(SyntaxReference declaration, CancellationToken cancellationToken) =>
        AreNamedIn(declaration.SyntaxTree, declaration.GetSyntax(cancellationToken), cancellationToken);

    /// <summary>
    /// True when some method declaration called <paramref name="name"/>, in any tree, may name one of the members in its
    /// code (<see cref="DeclarationIndex.AnyMethodNamed"/>). Once per name.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public bool AreNamedInSomeMethodNamed(string name, CancellationToken cancellationToken)
    {
        if (_namedInMethodsNamed.TryGetValue(name, out var known))
        {
            return known;
        }

        var found = DeclarationIndex.For(_compilation).AnyMethodNamed(
            name,
            (spellers: this, cancellationToken),
            static (tree, method, state) => state.spellers.AreNamedIn(tree, method, state.cancellationToken));
        return _namedInMethodsNamed.GetOrAdd(name, found);
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private bool AreNamedIn(SyntaxTree tree, SyntaxNode declaration, CancellationToken cancellationToken)
    {
        var code = MemberCodeSpan.Of(declaration);
        if (_names.Count > MaxNamesSearchedAsText)
        {
            return AreNamedIn(declaration, code);
        }

        var text = TreeText.Of(tree, cancellationToken);
        foreach (var name in _names)
        {
            if (TreeText.Spells(text, name, code.Start, code.End))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the declaration spells, within <paramref name="code"/>, an identifier that names one of the members.</summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    private bool AreNamedIn(SyntaxNode declaration, TextSpan code)
    {
        foreach (var token in declaration.DescendantTokens(code))
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && _names.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static string[] NamesIn(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (s_byTree.TryGetValue(tree, out var known))
        {
            return known;
        }

        var mentions = SourceMentions.For(tree, cancellationToken);
        if ((mentions.Found & Mentions.Connect) == 0)
        {
            return s_byTree.GetValue(tree, static _ => System.Array.Empty<string>());
        }

        var root = tree.GetRoot(cancellationToken);
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var (position, mention) in mentions.Hits)
        {
            if ((mention & Mentions.Connect) != 0)
            {
                AddCallableNames(root.FindToken(position).Parent, names);
            }
        }

        var found = new string[names.Count];
        names.CopyTo(found);
        return s_byTree.AddOrKeep(tree, found);
    }

    /// <summary>The names by which a call reaches the code around <paramref name="node"/>: its local functions' and its member's.</summary>
    private static void AddCallableNames(SyntaxNode? node, HashSet<string> names)
    {
        for (; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case LocalFunctionStatementSyntax function:
                    names.Add(function.Identifier.ValueText);
                    break;

                case MethodDeclarationSyntax method:
                    names.Add(method.Identifier.ValueText);
                    return;

                case BasePropertyDeclarationSyntax property:
                    if (property is PropertyDeclarationSyntax { Identifier: var propertyName })
                    {
                        names.Add(propertyName.ValueText);
                    }

                    return;

                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        names.Add(variable.Identifier.ValueText);
                    }

                    return;

                case ConstructorDeclarationSyntax constructor:
                    // The fields and properties it stores a connecting delegate to are among the names it spells.
                    foreach (var token in constructor.DescendantTokens())
                    {
                        if (token.IsKind(SyntaxKind.IdentifierToken))
                        {
                            names.Add(token.ValueText);
                        }
                    }

                    return;

                case MemberDeclarationSyntax:
                    return;
            }
        }
    }
}
