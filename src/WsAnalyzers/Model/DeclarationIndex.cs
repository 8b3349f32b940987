using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WsAnalyzers.Model;

/// <summary>
/// The declarations of the whole compilation by name, read from each tree's <see cref="TreeDeclarations"/> and answered
/// without reading a tree. Only the connect search and the holder search ask, and only once a file's WebSocket code
/// leads there.
/// </summary>
/// <remarks>
/// This replaces two searches that cost per name asked: <see cref="Compilation.GetSymbolsWithName(string, SymbolFilter, CancellationToken)"/>,
/// which walks every declaration of the compilation for each name, and an ordinal search of every tree's text for
/// each holder's type name. The trees' <see cref="NameFilter"/>s are copied side by side once per compilation: a question
/// then tests two bits per tree in one array and looks up only the few trees that may declare the name. Merging the
/// trees' tables into one dictionary instead cost more than all the questions a compilation asks.
/// </remarks>
internal sealed class DeclarationIndex
{
    private static readonly ConditionalWeakTable<Compilation, DeclarationIndex> s_byCompilation = new();

    private readonly Lazy<(SyntaxTree[] Trees, TreeDeclarations[] Declarations, ulong[] Filters)> _trees;
    private readonly ConcurrentDictionary<(int Table, string Name), object> _answers = new();

    private DeclarationIndex(Compilation compilation)
    {
        _trees = new(() => Collect(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static DeclarationIndex For(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new DeclarationIndex(c));

    /// <summary>The type and enum declarations, in every tree, that declare a member called <paramref name="name"/>.</summary>
    public IReadOnlyList<(SyntaxTree Tree, BaseTypeDeclarationSyntax Declaration)> TypesDeclaringMember(string name) =>
        Find(TreeDeclarations.MemberNames, name, static declarations => declarations.TypesByMemberName);

    /// <summary>The method declarations, in every tree, whose identifier is <paramref name="name"/>.</summary>
    public IReadOnlyList<(SyntaxTree Tree, MethodDeclarationSyntax Declaration)> MethodsNamed(string name) =>
        Find(TreeDeclarations.MethodNames, name, static declarations => declarations.MethodsByName);

    /// <summary>The type declarations, in every tree, with a field or property whose type is named <paramref name="typeName"/>.</summary>
    public IReadOnlyList<(SyntaxTree Tree, TypeDeclarationSyntax Declaration)> HoldersOf(string typeName) =>
        Find(TreeDeclarations.HolderTypeNames, typeName, static declarations => declarations.HoldersByMemberTypeName);

    private IReadOnlyList<(SyntaxTree Tree, TDeclaration Declaration)> Find<TDeclaration>(
        int table, string name, Func<TreeDeclarations, IReadOnlyDictionary<string, List<TDeclaration>>> select)
    {
        if (_answers.TryGetValue((table, name), out var known))
        {
            return (IReadOnlyList<(SyntaxTree, TDeclaration)>)known;
        }

        var (trees, declarations, filters) = _trees.Value;
        var bits = NameFilter.BitsOf(name);
        var offset = table * NameFilter.Words;
        List<(SyntaxTree, TDeclaration)>? found = null;
        for (var i = 0; i < trees.Length; i++, offset += TreeDeclarations.FilterWords)
        {
            if (NameFilter.MayContain(filters, offset, bits) && select(declarations[i]).TryGetValue(name, out var named))
            {
                found ??= new List<(SyntaxTree, TDeclaration)>(named.Count);
                foreach (var declaration in named)
                {
                    found.Add((trees[i], declaration));
                }
            }
        }

        IReadOnlyList<(SyntaxTree, TDeclaration)> answer = found is null ? Array.Empty<(SyntaxTree, TDeclaration)>() : found;
        return (IReadOnlyList<(SyntaxTree, TDeclaration)>)_answers.GetOrAdd((table, name), answer);
    }

    private static (SyntaxTree[] Trees, TreeDeclarations[] Declarations, ulong[] Filters) Collect(Compilation compilation)
    {
        // The index serves every file's analysis; one file's cancelled analysis must not leave it half built.
        var trees = compilation.SyntaxTrees.ToArray();
        var declarations = new TreeDeclarations[trees.Length];
        var filters = new ulong[trees.Length * TreeDeclarations.FilterWords];
        for (var i = 0; i < trees.Length; i++)
        {
            declarations[i] = TreeDeclarations.Of(trees[i], CancellationToken.None);
            Array.Copy(declarations[i].Filters, 0, filters, i * TreeDeclarations.FilterWords, TreeDeclarations.FilterWords);
        }

        return (trees, declarations, filters);
    }
}
