using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// Dead-peer detection that lives in the code that owns a socket wrapper. Real libraries put the socket in a small
/// transport class and the heartbeat in the client that holds it, often through an interface and a second object:
/// <c>Client</c> holds an <c>ApiClient</c> that holds an <c>IWebSocketClient</c> implemented by the type that creates
/// the socket. A type is watched when a type holding it (by its own name or an interface it implements, in a field or
/// property, at most <see cref="MaxHops"/> holders away) has a watchdog branch that acts on an expired deadline.
/// </summary>
/// <remarks>
/// Only asked about a type WS0001 is about to report, and answered once per compilation and type. Holders are found
/// from the compilation's declarations (<see cref="DeclarationIndex"/>), never from member bodies; only
/// the candidate branches of a holder are bound.
/// </remarks>
internal sealed class WatchingHolders
{
    private const int MaxHops = 2;

    /// <summary>Only a condition that spells one of these (any case) may state a deadline; only those are bound.</summary>
    private static readonly string[] s_deadlineWords = { LastWord, "issed", "live", "pong" };

    /// <summary>
    /// The last sign of life (<c>lastPong</c>, <c>sinceLastMessage</c>): a deadline reads it only in a comparison with a
    /// time limit, so elsewhere in a condition (<c>if (isLast &amp;&amp; count &gt; 1)</c>) it binds nothing.
    /// </summary>
    private const string LastWord = "ast";

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _watched = new(SymbolEqualityComparer.Default);

    public WatchingHolders(Compilation compilation)
    {
        _compilation = compilation;
    }

    public bool IsWatched(INamedTypeSymbol socketOwner, CancellationToken cancellationToken)
    {
        if (_watched.TryGetValue(socketOwner, out var known))
        {
            return known;
        }

        var result = Search(socketOwner, cancellationToken);
        _watched.TryAdd(socketOwner, result);
        return result;
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private bool Search(INamedTypeSymbol socketOwner, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { socketOwner.Name };
        var names = new List<string> { socketOwner.Name };
        foreach (var implemented in socketOwner.AllInterfaces)
        {
            if (!IsFrameworkType(implemented) && seen.Add(implemented.Name))
            {
                names.Add(implemented.Name);
            }
        }

        // A framework interface (IDisposable) that resolved is not a wrapper's contract: its name is not looked for below either.
        foreach (var implemented in socketOwner.AllInterfaces)
        {
            if (IsFrameworkType(implemented))
            {
                seen.Add(implemented.Name);
            }
        }

        // An interface from a reference that is not restored yet does not resolve; its name still counts.
        foreach (var reference in socketOwner.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: { } baseList })
            {
                foreach (var baseType in baseList.Types)
                {
                    var name = TreeDeclarations.RightmostName(baseType.Type);
                    if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) && seen.Add(name))
                    {
                        names.Add(name);
                    }
                }
            }
        }

        for (var hop = 0; hop < MaxHops && names.Count > 0; hop++)
        {
            var holders = FindHolders(names, socketOwner.Name);
            names = new List<string>();
            foreach (var (tree, declaration) in holders)
            {
                if (HasWatchdog(tree, declaration, cancellationToken))
                {
                    return true;
                }

                if (seen.Add(declaration.Identifier.ValueText))
                {
                    names.Add(declaration.Identifier.ValueText);
                }
            }
        }

        return false;
    }

    /// <summary>Type declarations with a field or property whose type is named one of <paramref name="names"/>.</summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    private List<(SyntaxTree Tree, TypeDeclarationSyntax Declaration)> FindHolders(List<string> names, string socketOwnerName)
    {
        var holders = new List<(SyntaxTree, TypeDeclarationSyntax)>();
        foreach (var name in names)
        {
            foreach (var holder in DeclarationIndex.For(_compilation).HoldersOf(name))
            {
                if (holder.Declaration.Identifier.ValueText != socketOwnerName && !holders.Contains(holder))
                {
                    holders.Add(holder);
                }
            }
        }

        return holders;
    }

    /// <summary>
    /// A branch in any part of the holder's type that acts on an expired deadline. Only conditions that spell a
    /// word of the deadline vocabulary are bound.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    private bool HasWatchdog(SyntaxTree tree, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
#pragma warning disable RS1030 // A holder's tree: with CompilationWithAnalyzers this is the driver's cached model.
        var model = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        var symbol = model.GetDeclaredSymbol(declaration, cancellationToken);
        if (symbol is null)
        {
            return false;
        }

        if (DeadManTimer.IsIn(symbol, cancellationToken))
        {
            return true;
        }

        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
#pragma warning disable RS1030 // Another part of the holder's partial type, as above.
            var partModel = reference.SyntaxTree == tree ? model : _compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
            var part = reference.GetSyntax(cancellationToken);
            var text = TreeText.Of(reference.SyntaxTree, cancellationToken);
            var checkedBranches = new HashSet<SyntaxNode>();
            foreach (var word in s_deadlineWords)
            {
                for (var at = text.IndexOf(word, part.Span.Start, part.Span.Length, StringComparison.OrdinalIgnoreCase);
                     at >= 0;
                     at = at + word.Length < part.Span.End ? text.IndexOf(word, at + word.Length, part.Span.End - at - word.Length, StringComparison.OrdinalIgnoreCase) : -1)
                {
                    foreach (var branch in BranchesWhoseConditionHolds(part, at, inComparisonOnly: word == LastWord))
                    {
                        if (checkedBranches.Add(branch)
                            && partModel.GetOperation(branch, cancellationToken) is IConditionalOperation conditional
                            && Watchdog.ActsOnExpiredDeadline(conditional))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The <c>if</c> statements and conditional expressions whose condition spans <paramref name="position"/>; with
    /// <paramref name="inComparisonOnly"/>, only those where the position sits in a relational comparison of the condition.
    /// </summary>
    private static IEnumerable<SyntaxNode> BranchesWhoseConditionHolds(SyntaxNode part, int position, bool inComparisonOnly)
    {
        var inComparison = false;
        for (var node = part.FindToken(position).Parent; node is not null && node != part; node = node.Parent)
        {
            inComparison |= node.IsKind(SyntaxKind.GreaterThanExpression) || node.IsKind(SyntaxKind.GreaterThanOrEqualExpression)
                || node.IsKind(SyntaxKind.LessThanExpression) || node.IsKind(SyntaxKind.LessThanOrEqualExpression);
            var condition = node switch
            {
                IfStatementSyntax statement => statement.Condition,
                ConditionalExpressionSyntax expression => expression.Condition,
                _ => null,
            };

            if (condition is not null && condition.Span.Contains(position) && (inComparison || !inComparisonOnly))
            {
                yield return node;
            }
        }
    }

    private static bool IsFrameworkType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns?.Name is "System" or "Microsoft";
    }
}
