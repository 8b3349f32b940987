using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WsAnalyzers.Model;

/// <summary>
/// The declarations of the whole compilation by name, merged from each tree's <see cref="TreeDeclarations"/> the first
/// time a rule asks, and then answered without reading a tree. Only the connect search and the holder search ask, and
/// only once a file's WebSocket code leads there.
/// </summary>
/// <remarks>
/// This replaces two searches that cost per name asked: <see cref="Compilation.GetSymbolsWithName(string, SymbolFilter, CancellationToken)"/>,
/// which walks every declaration of the compilation for each name, and an ordinal search of every tree's text for
/// each holder's type name.
/// </remarks>
internal sealed class DeclarationIndex
{
    private static readonly ConditionalWeakTable<Compilation, DeclarationIndex> s_byCompilation = new();

    private readonly Compilation _compilation;
    private readonly Lazy<Dictionary<string, List<(SyntaxTree Tree, BaseTypeDeclarationSyntax Declaration)>>> _typesByMemberName;
    private readonly Lazy<Dictionary<string, List<(SyntaxTree Tree, MethodDeclarationSyntax Declaration)>>> _methodsByName;
    private readonly Lazy<Dictionary<string, List<(SyntaxTree Tree, TypeDeclarationSyntax Declaration)>>> _holdersByMemberTypeName;

    private DeclarationIndex(Compilation compilation)
    {
        _compilation = compilation;
        _typesByMemberName = new(() => Merge(declarations => declarations.TypesByMemberName), LazyThreadSafetyMode.ExecutionAndPublication);
        _methodsByName = new(() => Merge(declarations => declarations.MethodsByName), LazyThreadSafetyMode.ExecutionAndPublication);
        _holdersByMemberTypeName = new(() => Merge(declarations => declarations.HoldersByMemberTypeName), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static DeclarationIndex For(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new DeclarationIndex(c));

    /// <summary>The type and enum declarations, in every tree, that declare a member called <paramref name="name"/>.</summary>
    public IReadOnlyList<(SyntaxTree Tree, BaseTypeDeclarationSyntax Declaration)> TypesDeclaringMember(string name) =>
        Find(_typesByMemberName.Value, name);

    /// <summary>The method declarations, in every tree, whose identifier is <paramref name="name"/>.</summary>
    public IReadOnlyList<(SyntaxTree Tree, MethodDeclarationSyntax Declaration)> MethodsNamed(string name) =>
        Find(_methodsByName.Value, name);

    /// <summary>The type declarations, in every tree, with a field or property whose type is named <paramref name="typeName"/>.</summary>
    public IReadOnlyList<(SyntaxTree Tree, TypeDeclarationSyntax Declaration)> HoldersOf(string typeName) =>
        Find(_holdersByMemberTypeName.Value, typeName);

    private static IReadOnlyList<(SyntaxTree, TDeclaration)> Find<TDeclaration>(Dictionary<string, List<(SyntaxTree, TDeclaration)>> index, string name) =>
        index.TryGetValue(name, out var found) ? found : Array.Empty<(SyntaxTree, TDeclaration)>();

    private Dictionary<string, List<(SyntaxTree Tree, TDeclaration Declaration)>> Merge<TDeclaration>(
        Func<TreeDeclarations, IReadOnlyDictionary<string, List<TDeclaration>>> select)
    {
        // The index serves every file's analysis; one file's cancelled analysis must not leave it half built.
        var merged = new Dictionary<string, List<(SyntaxTree, TDeclaration)>>(StringComparer.Ordinal);
        foreach (var tree in _compilation.SyntaxTrees)
        {
            foreach (var entry in select(TreeDeclarations.Of(tree, CancellationToken.None)))
            {
                if (!merged.TryGetValue(entry.Key, out var declarations))
                {
                    merged.Add(entry.Key, declarations = new List<(SyntaxTree, TDeclaration)>(entry.Value.Count));
                }

                foreach (var declaration in entry.Value)
                {
                    declarations.Add((tree, declaration));
                }
            }
        }

        return merged;
    }
}
