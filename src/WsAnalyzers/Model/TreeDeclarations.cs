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
/// the filters, laid side by side, and looks up the dictionaries of only those trees that may declare the name.
/// </remarks>
internal sealed class TreeDeclarations
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeDeclarations> s_byTree = new();

    private readonly Dictionary<string, List<BaseTypeDeclarationSyntax>> _typesByMemberName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TypeDeclarationSyntax>> _holdersByMemberTypeName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<MethodDeclarationSyntax>> _methodsByName = new(StringComparer.Ordinal);
    private readonly ulong[] _filters = new ulong[FilterWords];

    private TreeDeclarations(SyntaxNode root, CancellationToken cancellationToken)
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
                    AddMembers(type, pending);
                    break;
                case EnumDeclarationSyntax enumeration:
                    foreach (var member in enumeration.Members)
                    {
                        Add(_typesByMemberName, MemberNames, member.Identifier.ValueText, enumeration);
                    }

                    break;
            }
        }
    }

    public static TreeDeclarations Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (s_byTree.TryGetValue(tree, out var known))
        {
            return known;
        }

        var built = new TreeDeclarations(tree.GetRoot(cancellationToken), cancellationToken);
        return s_byTree.AddOrKeep(tree, built);
    }

    /// <summary>By member name: the type and enum declarations of this tree that declare a member called so, in source order.</summary>
    public IReadOnlyDictionary<string, List<BaseTypeDeclarationSyntax>> TypesByMemberName => _typesByMemberName;

    /// <summary>By method name: the method declarations of this tree with that identifier (explicit interface implementations included).</summary>
    public IReadOnlyDictionary<string, List<MethodDeclarationSyntax>> MethodsByName => _methodsByName;

    /// <summary>
    /// By type name: the type declarations of this tree with a field or property whose type's rightmost name it is
    /// (<c>Foo</c>, <c>Foo?</c>, <c>Ns.Foo</c>, <c>Foo&lt;T&gt;</c>; not <c>Foo[]</c>), in source order.
    /// </summary>
    public IReadOnlyDictionary<string, List<TypeDeclarationSyntax>> HoldersByMemberTypeName => _holdersByMemberTypeName;

    /// <summary>
    /// The <see cref="NameFilter"/>s of the three tables, one after the other at <see cref="MemberNames"/>,
    /// <see cref="MethodNames"/> and <see cref="HolderTypeNames"/> times <see cref="NameFilter.Words"/>.
    /// </summary>
    public ulong[] Filters => _filters;

    public const int MemberNames = 0;
    public const int MethodNames = 1;
    public const int HolderTypeNames = 2;

    /// <summary>The length of <see cref="Filters"/>.</summary>
    public const int FilterWords = 3 * NameFilter.Words;

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

    private void AddMembers(TypeDeclarationSyntax type, Stack<SyntaxNode> pending)
    {
        if (type is RecordDeclarationSyntax { ParameterList: { } positional })
        {
            // A record's positional parameters declare its properties; a class's primary constructor parameters declare none.
            foreach (var parameter in positional.Parameters)
            {
                Add(_typesByMemberName, MemberNames, parameter.Identifier.ValueText, type);
                if (parameter.Type is { } parameterType)
                {
                    Add(_holdersByMemberTypeName, HolderTypeNames, RightmostName(parameterType), type);
                }
            }
        }

        List<SyntaxNode>? nested = null;
        foreach (var member in type.Members)
        {
            switch (member)
            {
                case MethodDeclarationSyntax method:
                    Add(_typesByMemberName, MemberNames, method.Identifier.ValueText, type);
                    Add(_methodsByName, MethodNames, method.Identifier.ValueText, method);
                    break;
                case PropertyDeclarationSyntax property:
                    Add(_typesByMemberName, MemberNames, property.Identifier.ValueText, type);
                    Add(_holdersByMemberTypeName, HolderTypeNames, RightmostName(property.Type), type);
                    break;
                case EventDeclarationSyntax @event:
                    Add(_typesByMemberName, MemberNames, @event.Identifier.ValueText, type);
                    Add(_holdersByMemberTypeName, HolderTypeNames, RightmostName(@event.Type), type);
                    break;
                case IndexerDeclarationSyntax indexer:
                    Add(_holdersByMemberTypeName, HolderTypeNames, RightmostName(indexer.Type), type);
                    break;
                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        Add(_typesByMemberName, MemberNames, variable.Identifier.ValueText, type);
                    }

                    Add(_holdersByMemberTypeName, HolderTypeNames, RightmostName(field.Declaration.Type), type);
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

    private void Add<TDeclaration>(Dictionary<string, List<TDeclaration>> index, int table, string name, TDeclaration declaration)
        where TDeclaration : SyntaxNode
    {
        if (name.Length == 0)
        {
            return;
        }

        if (!index.TryGetValue(name, out var declarations))
        {
            index.Add(name, declarations = new List<TDeclaration>());
            NameFilter.Add(_filters, table * NameFilter.Words, name);
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
}
