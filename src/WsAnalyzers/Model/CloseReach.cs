using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>An unbounded <c>CloseAsync</c> that a call reaches: where it is, and the method it sits in.</summary>
internal sealed class ReachedClose
{
    public ReachedClose(Location location, string owner)
    {
        Location = location;
        Owner = owner;
    }

    public Location Location { get; }

    /// <summary>The method that contains the close, as <c>Type.Method</c>.</summary>
    public string Owner { get; }
}

/// <summary>
/// Whether a method of the compilation runs, directly or through the methods it calls, a <c>CloseAsync</c> with no time
/// limit. Methods in the tree being analysed are read as operations (its semantic model is at hand) and followed a few
/// calls deep; a method in another tree is read as syntax, with its receiver resolved through the method's own symbols,
/// and not followed further. An interface or abstract member the compilation implements exactly once is followed
/// into that implementation; other virtual, abstract and interface members may run other code: unknown, so not followed.
/// Results are cached per compilation and method.
/// </summary>
internal static class CloseReach
{
    private const int MaxDepth = 3;

    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, StrongBox<ReachedClose?>>> s_cache = new();

    public static ReachedClose? Find(IMethodSymbol method, SemanticModel semanticModel, WebSocketSymbols symbols, CancellationToken cancellationToken) =>
        Find(method, semanticModel, symbols, depth: 0, cancellationToken);

    /// <summary>
    /// The close reached by an override or implementation known to be the one a call runs (the receiver's type is
    /// created in the compilation): followed even where a subclass elsewhere could replace it.
    /// </summary>
    public static ReachedClose? FindInKnownImplementation(IMethodSymbol implementation, SemanticModel semanticModel, WebSocketSymbols symbols, CancellationToken cancellationToken)
    {
        implementation = implementation.OriginalDefinition;
        return IsFollowable(implementation)
            ? Find(implementation, semanticModel, symbols, depth: 0, cancellationToken)
            : implementation.IsAbstract || implementation.DeclaringSyntaxReferences.IsEmpty
                ? null
                : Search(implementation, semanticModel, symbols, depth: 0, cancellationToken);
    }

    private static ReachedClose? Find(IMethodSymbol method, SemanticModel semanticModel, WebSocketSymbols symbols, int depth, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (method.IsAbstract && SourceCode.For(semanticModel.Compilation).Implementation(method, cancellationToken) is { } only)
        {
            // An interface or abstract member the compilation implements exactly once runs that implementation.
            method = only.OriginalDefinition;
            if (depth > MaxDepth || only.IsAbstract || only.DeclaringSyntaxReferences.IsEmpty)
            {
                return null;
            }
        }
        else if (depth > MaxDepth || !IsFollowable(method))
        {
            return null;
        }

        var cache = s_cache.GetValue(semanticModel.Compilation, static _ => new ConcurrentDictionary<IMethodSymbol, StrongBox<ReachedClose?>>(SymbolEqualityComparer.Default));
        if (cache.TryGetValue(method, out var known))
        {
            return known.Value;
        }

        // Recursion meets this entry and stops; the final answer replaces it.
        cache.TryAdd(method, new StrongBox<ReachedClose?>(null));
        var found = Search(method, semanticModel, symbols, depth, cancellationToken);

        // Only a depth-independent answer may be cached: a miss below the depth limit could be a hit from shallower.
        if (found is not null || depth == 0)
        {
            cache[method] = new StrongBox<ReachedClose?>(found);
        }
        else
        {
            cache.TryRemove(method, out _);
        }

        return found;
    }

    private static ReachedClose? Search(IMethodSymbol method, SemanticModel semanticModel, WebSocketSymbols symbols, int depth, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            var found = declaration.SyntaxTree == semanticModel.SyntaxTree
                ? InOperations(method, declaration, semanticModel, symbols, depth, cancellationToken)
                : InSyntax(method, declaration, symbols, cancellationToken);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private static bool IsFollowable(IMethodSymbol method) =>
        !method.IsAbstract
        && !method.IsExtern
        && method.ContainingType is { TypeKind: TypeKind.Class or TypeKind.Struct } type
        && (!method.IsVirtual && !method.IsOverride || method.IsSealed || type.IsSealed)
        && method.DeclaringSyntaxReferences.Length > 0;

    private static ReachedClose? InOperations(IMethodSymbol method, SyntaxNode declaration, SemanticModel semanticModel, WebSocketSymbols symbols, int depth, CancellationToken cancellationToken)
    {
        if (semanticModel.GetOperation(declaration, cancellationToken) is not { } body)
        {
            return null;
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is not IInvocationOperation invocation || IsDeferred(invocation, body))
            {
                continue;
            }

            if (UnboundedCloseCall.Explain(invocation, symbols, cancellationToken) is not null)
            {
                return new ReachedClose(invocation.Syntax.GetLocation(), Describe(method));
            }

            if (!invocation.TargetMethod.ContainingType.IsOrDerivesFrom(symbols.WebSocket)
                && Find(invocation.TargetMethod, semanticModel, symbols, depth + 1, cancellationToken) is { } deeper)
            {
                return deeper;
            }
        }

        return null;
    }

    /// <summary>Inside a lambda or local function: runs at another time, not when the method runs.</summary>
    private static bool IsDeferred(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, body); current = current.Parent)
        {
            if (current.IsExecutionBoundary())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A close spelled <c>receiver.CloseAsync(status, description, CancellationToken.None)</c> (or <c>default</c>,
    /// <c>new CancellationToken()</c>) on a field, property or parameter of a WebSocket type, not under a condition that
    /// mentions the peer's close, not in a catch, not waited for with a limit.
    /// </summary>
    private static ReachedClose? InSyntax(IMethodSymbol method, SyntaxNode declaration, WebSocketSymbols symbols, CancellationToken cancellationToken)
    {
        var tree = declaration.SyntaxTree;
        var root = tree.GetRoot(cancellationToken);
        foreach (var (position, mention) in SourceMentions.For(tree, cancellationToken).Hits)
        {
            if ((mention & Mentions.CloseCall) == 0
                || !declaration.Span.Contains(position)
                || root.FindToken(position) is not { ValueText: "CloseAsync", Parent.Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access }
                || invocation.ArgumentList.Arguments.Count != 3
                || !SpellsNeverCancelled(invocation.ArgumentList.Arguments[2].Expression)
                || !IsWebSocketMember(method, access.Expression, symbols)
                || IsGuardedOrWaitedFor(invocation, declaration))
            {
                continue;
            }

            return new ReachedClose(invocation.GetLocation(), Describe(method));
        }

        return null;
    }

    internal static bool SpellsNeverCancelled(ExpressionSyntax token) => token switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "None", Expression: var type } => EndsWithCancellationToken(type),
        LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.DefaultLiteralExpression),
        DefaultExpressionSyntax { Type: var type } => EndsWithCancellationToken(type),
        ObjectCreationExpressionSyntax { Type: var type, ArgumentList: var arguments } =>
            EndsWithCancellationToken(type) && (arguments is null || arguments.Arguments.Count == 0),
        _ => false,
    };

    private static bool EndsWithCancellationToken(SyntaxNode type) => type switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "CancellationToken",
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText == "CancellationToken",
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == "CancellationToken",
        _ => false,
    };

    private static bool IsWebSocketMember(IMethodSymbol method, ExpressionSyntax receiver, WebSocketSymbols symbols)
    {
        var name = receiver switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
            _ => null,
        };
        if (name is null)
        {
            return false;
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == name)
            {
                return symbols.IsWebSocket(parameter.Type);
            }
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(name))
            {
                return member switch
                {
                    IFieldSymbol field => symbols.IsWebSocket(field.Type),
                    IPropertySymbol property => symbols.IsWebSocket(property.Type),
                    _ => false,
                };
            }
        }

        return false;
    }

    private static bool IsGuardedOrWaitedFor(InvocationExpressionSyntax invocation, SyntaxNode declaration)
    {
        if (invocation.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait", Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } })
        {
            return true;
        }

        for (SyntaxNode? node = invocation.Parent; node is not null && node != declaration; node = node.Parent)
        {
            switch (node)
            {
                case CatchClauseSyntax:
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                case IfStatementSyntax { Condition: var condition } when MentionsPeerClose(condition):
                case SwitchSectionSyntax { Labels: var labels } when MentionsPeerClose(labels.ToString()):
                    return true;
            }
        }

        return false;
    }

    private static bool MentionsPeerClose(SyntaxNode condition) => MentionsPeerClose(condition.ToString());

    private static bool MentionsPeerClose(string text) =>
        text.Contains("CloseReceived") || text.Contains("MessageType") || text.Contains("CloseStatus");

    private static string Describe(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;
}
