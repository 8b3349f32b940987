using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// What one tree declares, by name: which of its types declare a member called X, which of its methods are called X,
/// and which of its types declare a field or property whose type is named X (a record's positional parameters count as
/// the properties they declare). Read off the declarations alone (never a member's body), once per tree, and kept with
/// the tree: an unchanged file keeps its tree from one compilation to the next, so a keystroke rebuilds this only for
/// the file it changed.
/// </summary>
/// <remarks>
/// Each table carries a <see cref="NameFilter"/> of its names: <see cref="DeclarationIndex"/> asks every tree through
/// the filters, laid side by side, and looks up the dictionaries of only those trees that may declare the name. The
/// filters are read first, on their own; a tree makes its dictionaries when a name first passes its filter.
/// </remarks>
internal sealed class TreeDeclarations
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeDeclarations> s_byTree = new();

    private readonly SyntaxTree _tree;
    private readonly ulong[] _filters = new ulong[FilterWords];
    private Tables? _tables;

    private TreeDeclarations(SyntaxTree tree, CancellationToken cancellationToken)
    {
        _tree = tree;
        Walk(tree.GetRoot(cancellationToken), tables: null, cancellationToken);
    }

    public static TreeDeclarations Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (s_byTree.TryGetValue(tree, out var known))
        {
            return known;
        }

        var built = new TreeDeclarations(tree, cancellationToken);
        return s_byTree.AddOrKeep(tree, built);
    }

    /// <summary>By member name: the type and enum declarations of this tree that declare a member called so, in source order.</summary>
    public IReadOnlyDictionary<string, List<BaseTypeDeclarationSyntax>> TypesByMemberName => TablesOnFirstUse.TypesByMemberName;

    /// <summary>By method name: the method declarations of this tree with that identifier (explicit interface implementations included).</summary>
    public IReadOnlyDictionary<string, List<MethodDeclarationSyntax>> MethodsByName => TablesOnFirstUse.MethodsByName;

    /// <summary>
    /// By type name: the type declarations of this tree with a field or property whose type's rightmost name it is
    /// (<c>Foo</c>, <c>Foo?</c>, <c>Ns.Foo</c>, <c>Foo&lt;T&gt;</c>; not <c>Foo[]</c>), in source order.
    /// </summary>
    public IReadOnlyDictionary<string, List<TypeDeclarationSyntax>> HoldersByMemberTypeName => TablesOnFirstUse.HoldersByMemberTypeName;

    /// <summary>
    /// The <see cref="NameFilter"/>s of the three tables, one after the other at <see cref="MemberNames"/>,
    /// <see cref="MethodNames"/> and <see cref="HolderTypeNames"/> times <see cref="NameFilter.Words"/>.
    /// </summary>
    public ulong[] Filters => _filters;

    /// <summary>Whether a question has needed this tree's tables yet: most trees of a compilation are answered by their filters.</summary>
    internal bool HasTables => _tables is not null;

    public const int MemberNames = 0;
    public const int MethodNames = 1;
    public const int HolderTypeNames = 2;

    /// <summary>The length of <see cref="Filters"/>.</summary>
    public const int FilterWords = 3 * NameFilter.Words;

    /// <summary>
    /// The tables, made when a name passes this tree's filter: in a build every tree is new, and making three
    /// dictionaries for each of a large project's files cost more than all the questions asked of them.
    /// </summary>
    private Tables TablesOnFirstUse
    {
        get
        {
            if (_tables is { } made)
            {
                return made;
            }

            // Shared by every file's analysis: one file's cancelled analysis must not leave the tables half made.
            var tables = new Tables();
            Walk(_tree.GetRoot(CancellationToken.None), tables, CancellationToken.None);
            return Interlocked.CompareExchange(ref _tables, tables, null) ?? tables;
        }
    }

    /// <summary>Reads the declarations into the filters, or, given <paramref name="tables"/>, into the tables.</summary>
    private void Walk(SyntaxNode root, Tables? tables, CancellationToken cancellationToken)
    {
        var pending = new Stack<SyntaxNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (pending.Pop())
            {
                case CompilationUnitSyntax unit:
                    PushTypesAndNamespaces(unit.Members, pending);
                    break;
                case BaseNamespaceDeclarationSyntax ns:
                    PushTypesAndNamespaces(ns.Members, pending);
                    break;
                case TypeDeclarationSyntax type:
                    AddMembers(type, tables, pending);
                    break;
                case EnumDeclarationSyntax enumeration:
                    foreach (var member in enumeration.Members)
                    {
                        Add(tables?.TypesByMemberName, MemberNames, member.Identifier.ValueText, enumeration);
                    }

                    break;
            }
        }
    }

    private static void PushTypesAndNamespaces(SyntaxList<MemberDeclarationSyntax> members, Stack<SyntaxNode> pending)
    {
        // Pushed in reverse so that declarations come out in source order.
        for (var i = members.Count - 1; i >= 0; i--)
        {
            if (members[i] is BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax)
            {
                pending.Push(members[i]);
            }
        }
    }

    private void AddMembers(TypeDeclarationSyntax type, Tables? tables, Stack<SyntaxNode> pending)
    {
        if (type is RecordDeclarationSyntax { ParameterList: { } positional })
        {
            // A record's positional parameters declare its properties; a class's primary constructor parameters declare none.
            foreach (var parameter in positional.Parameters)
            {
                Add(tables?.TypesByMemberName, MemberNames, parameter.Identifier.ValueText, type);
                if (parameter.Type is { } parameterType)
                {
                    Add(tables?.HoldersByMemberTypeName, HolderTypeNames, RightmostName(parameterType), type);
                }
            }
        }

        List<SyntaxNode>? nested = null;
        foreach (var member in type.Members)
        {
            switch (member)
            {
                case MethodDeclarationSyntax method:
                    Add(tables?.TypesByMemberName, MemberNames, method.Identifier.ValueText, type);
                    Add(tables?.MethodsByName, MethodNames, method.Identifier.ValueText, method);
                    break;
                case PropertyDeclarationSyntax property:
                    Add(tables?.TypesByMemberName, MemberNames, property.Identifier.ValueText, type);
                    Add(tables?.HoldersByMemberTypeName, HolderTypeNames, RightmostName(property.Type), type);
                    break;
                case EventDeclarationSyntax @event:
                    Add(tables?.TypesByMemberName, MemberNames, @event.Identifier.ValueText, type);
                    Add(tables?.HoldersByMemberTypeName, HolderTypeNames, RightmostName(@event.Type), type);
                    break;
                case IndexerDeclarationSyntax indexer:
                    Add(tables?.HoldersByMemberTypeName, HolderTypeNames, RightmostName(indexer.Type), type);
                    break;
                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        Add(tables?.TypesByMemberName, MemberNames, variable.Identifier.ValueText, type);
                    }

                    Add(tables?.HoldersByMemberTypeName, HolderTypeNames, RightmostName(field.Declaration.Type), type);
                    break;
                case BaseTypeDeclarationSyntax:
                    (nested ??= new List<SyntaxNode>()).Add(member);
                    break;
            }
        }

        for (var i = (nested?.Count ?? 0) - 1; i >= 0; i--)
        {
            pending.Push(nested![i]);
        }
    }

    /// <summary>Without a table, sets the name's bits in the filter; with one, files the declaration under the name.</summary>
    private void Add<TDeclaration>(Dictionary<string, List<TDeclaration>>? table, int filter, string name, TDeclaration declaration)
        where TDeclaration : SyntaxNode
    {
        if (name.Length == 0)
        {
            return;
        }

        if (table is null)
        {
            NameFilter.Add(_filters, filter * NameFilter.Words, name);
            return;
        }

        if (!table.TryGetValue(name, out var declarations))
        {
            table.Add(name, declarations = new List<TDeclaration>());
        }

        // Several members of one declaration share a name (overloads, two fields of one type): the declaration once.
        if (declarations.Count == 0 || declarations[declarations.Count - 1] != declaration)
        {
            declarations.Add(declaration);
        }
    }

    /// <summary>The name a type is spelled by: <c>Foo</c> for <c>Foo</c>, <c>Foo?</c>, <c>Ns.Foo</c>, <c>global::Foo</c> and <c>Foo&lt;T&gt;</c>; empty for arrays, tuples and the rest.</summary>
    internal static string RightmostName(TypeSyntax type)
    {
        return type switch
        {
            NullableTypeSyntax nullable => RightmostName(nullable.ElementType),
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };
    }

    private sealed class Tables
    {
        public Dictionary<string, List<BaseTypeDeclarationSyntax>> TypesByMemberName { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<TypeDeclarationSyntax>> HoldersByMemberTypeName { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<MethodDeclarationSyntax>> MethodsByName { get; } = new(StringComparer.Ordinal);
    }
}
