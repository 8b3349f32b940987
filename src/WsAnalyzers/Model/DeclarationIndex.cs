using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// The declarations of the whole compilation by name, read from each tree's <see cref="TreeDeclarations"/> and answered
/// without reading a tree. Only the connect search and the holder search ask, and only once a file's WebSocket code
/// leads there.
/// </summary>
/// <remarks>
/// This replaces two searches that cost per name asked: <see cref="Compilation.GetSymbolsWithName(string, SymbolFilter, CancellationToken)"/>,
/// which walks every declaration of the compilation for each name, and an ordinal search of every tree's text for
/// each holder's type name. The trees' <see cref="NameFilter"/>s are copied side by side: a question then tests two bits
/// per tree in a few arrays and looks up only the few trees that may declare the name. Merging the trees' tables into
/// one dictionary instead cost more than all the questions a compilation asks.
/// The copies are made per <see cref="Block"/> of consecutive trees and kept with the block's first tree, so that the
/// next compilation of the same project (the next keystroke, the next build) copies only the blocks whose trees
/// changed; a block stays small enough to keep clear of the large object heap, whose allocations bring on full
/// collections.
/// </remarks>
internal sealed class DeclarationIndex
{
    private const int TreesPerBlock = 64;

    private static readonly ConditionalWeakTable<Compilation, DeclarationIndex> s_byCompilation = new();
    private static readonly ConditionalWeakTable<SyntaxTree, Block> s_blocksByFirstTree = new();

    private readonly Lazy<Block[]> _blocks;
    private readonly ConcurrentDictionary<(int Table, string Name), object> _answers = new();

    private DeclarationIndex(Compilation compilation)
    {
        _blocks = new(() => Collect(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static DeclarationIndex For(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new DeclarationIndex(c));

    /// <summary>The type and enum declarations, in every tree, that declare a member called <paramref name="name"/>.</summary>
    public IReadOnlyList<(SyntaxTree Tree, BaseTypeDeclarationSyntax Declaration)> TypesDeclaringMember(string name) =>
        Find(TreeDeclarations.MemberNames, name, static declarations => declarations.TypesByMemberName);

    /// <summary>The method declarations, in every tree, whose identifier is <paramref name="name"/>.</summary>
    public IReadOnlyList<(SyntaxTree Tree, MethodDeclarationSyntax Declaration)> MethodsNamed(string name) =>
        Find(TreeDeclarations.MethodNames, name, static declarations => declarations.MethodsByName);

    /// <summary>
    /// True when one of the method declarations called <paramref name="name"/> passes <paramref name="test"/>: the
    /// implementations and overrides a call of that name may run all have that name, so a text test of them all answers
    /// for whichever the call runs, before any is looked for.
    /// </summary>
    public bool AnyMethodNamed<TState>(string name, TState state, Func<SyntaxTree, MethodDeclarationSyntax, TState, bool> test)
    {
        foreach (var (tree, method) in MethodsNamed(name))
        {
            if (test(tree, method, state))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type declarations, in every tree, with a field or property whose type is named <paramref name="typeName"/>.</summary>
    public IReadOnlyList<(SyntaxTree Tree, TypeDeclarationSyntax Declaration)> HoldersOf(string typeName) =>
        Find(TreeDeclarations.HolderTypeNames, typeName, static declarations => declarations.HoldersByMemberTypeName);

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private IReadOnlyList<(SyntaxTree Tree, TDeclaration Declaration)> Find<TDeclaration>(
        int table, string name, Func<TreeDeclarations, IReadOnlyDictionary<string, List<TDeclaration>>> select)
    {
        if (_answers.TryGetValue((table, name), out var known))
        {
            return (IReadOnlyList<(SyntaxTree, TDeclaration)>)known;
        }

        var bits = NameFilter.BitsOf(name);
        List<(SyntaxTree, TDeclaration)>? found = null;
        foreach (var block in _blocks.Value)
        {
            var offset = table * NameFilter.Words;
            for (var i = 0; i < block.Trees.Length; i++, offset += TreeDeclarations.FilterWords)
            {
                if (NameFilter.MayContain(block.Filters, offset, bits) && select(block.Declarations[i]).TryGetValue(name, out var named))
                {
                    found ??= new List<(SyntaxTree, TDeclaration)>(named.Count);
                    foreach (var declaration in named)
                    {
                        found.Add((block.Trees[i], declaration));
                    }
                }
            }
        }

        IReadOnlyList<(SyntaxTree, TDeclaration)> answer = found is null ? Array.Empty<(SyntaxTree, TDeclaration)>() : found;
        return (IReadOnlyList<(SyntaxTree, TDeclaration)>)_answers.GetOrAdd((table, name), answer);
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static Block[] Collect(Compilation compilation)
    {
        var trees = compilation.SyntaxTrees as IReadOnlyList<SyntaxTree> ?? compilation.SyntaxTrees.ToArray();
        var blocks = new Block[(trees.Count + TreesPerBlock - 1) / TreesPerBlock];
        for (var index = 0; index < blocks.Length; index++)
        {
            var start = index * TreesPerBlock;
            var count = Math.Min(TreesPerBlock, trees.Count - start);
            if (!s_blocksByFirstTree.TryGetValue(trees[start], out var block) || !block.Holds(trees, start, count))
            {
                block = Block.Of(trees, start, count);

                // Another compilation may keep a block of other trees under the same first tree: the last one built stays.
                s_blocksByFirstTree.Remove(trees[start]);
                s_blocksByFirstTree.AddOrKeep(trees[start], block);
            }

            blocks[index] = block;
        }

        return blocks;
    }

    /// <summary>Consecutive trees of a compilation, with their declarations and their filters side by side.</summary>
    private sealed class Block
    {
        private Block(SyntaxTree[] trees, TreeDeclarations[] declarations, ulong[] filters)
        {
            Trees = trees;
            Declarations = declarations;
            Filters = filters;
        }

        public SyntaxTree[] Trees { get; }

        public TreeDeclarations[] Declarations { get; }

        /// <summary>The filters of <see cref="Trees"/>, <see cref="TreeDeclarations.FilterWords"/> per tree.</summary>
        public ulong[] Filters { get; }

        public static Block Of(IReadOnlyList<SyntaxTree> trees, int start, int count)
        {
            var blockTrees = new SyntaxTree[count];
            var declarations = new TreeDeclarations[count];
            var filters = new ulong[count * TreeDeclarations.FilterWords];
            for (var i = 0; i < count; i++)
            {
                // The index serves every file's analysis; one file's cancelled analysis must not leave it half built.
                blockTrees[i] = trees[start + i];
                declarations[i] = TreeDeclarations.Of(blockTrees[i], CancellationToken.None);
                Array.Copy(declarations[i].Filters, 0, filters, i * TreeDeclarations.FilterWords, TreeDeclarations.FilterWords);
            }

            return new Block(blockTrees, declarations, filters);
        }

        public bool Holds(IReadOnlyList<SyntaxTree> trees, int start, int count)
        {
            if (Trees.Length != count)
            {
                return false;
            }

            for (var i = 0; i < count; i++)
            {
                if (!ReferenceEquals(Trees[i], trees[start + i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
