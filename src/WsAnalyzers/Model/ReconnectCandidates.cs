using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// Which types of the compilation can hold a reconnect path at all, decided before any of their members is bound.
/// Every path starts at one of three things in the type's own code: a <c>ClientWebSocket.ConnectAsync</c> call, a call
/// whose name says it connects and whose code reaches <c>ConnectAsync</c> within <see cref="MemberCalls.MaxDepth"/>
/// calls, or a <c>System.Threading.Timer</c> created to run the connect again. A type without any of them has no path,
/// so WS0002 and WS0005 never build its operation trees. Large types that merely have a <c>ConnectAsync</c> of their own
/// (a chat client's voice channel, a gateway client's <c>StartAsync</c>) are the reason: binding them all cost more than
/// everything the rules do.
/// </summary>
/// <remarks>
/// Only the calls themselves are bound, one invocation at a time, and only when their name may lead to a connect: a name
/// that is <c>ConnectAsync</c>, names a method of the compilation, or names a local function around the call; then only
/// the method the call runs is searched. Results are kept once per compilation and type.
/// </remarks>
internal sealed class ReconnectCandidates
{
    private static readonly ConditionalWeakTable<Compilation, ReconnectCandidates> s_byCompilation = new();
    private static readonly string[] s_connectWords = { "onnect", "Open", "Start" };

    private readonly Compilation _compilation;
    private readonly ConnectMethods _connects;
    private readonly ReconnectSymbols _symbols;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _types = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<string, bool> _names = new(StringComparer.Ordinal);

    private ReconnectCandidates(Compilation compilation, ConnectMethods connects, ReconnectSymbols symbols)
    {
        _compilation = compilation;
        _connects = connects;
        _symbols = symbols;
    }

    public static ReconnectCandidates For(Compilation compilation, ConnectMethods connects, ReconnectSymbols symbols) =>
        s_byCompilation.GetValue(compilation, c => new ReconnectCandidates(c, connects, symbols));

    /// <summary>False when no reconnect path can start in <paramref name="type"/>'s own code.</summary>
    public bool MayReconnect(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        type = type.OriginalDefinition;
        if (_types.TryGetValue(type, out var known))
        {
            return known;
        }

        var result = Search(type, cancellationToken);
        return _types.GetOrAdd(type, result);
    }

    /// <summary>
    /// Decided from syntax alone, before any symbol is looked up: false when no declaration of <paramref name="type"/>
    /// calls a name that says it connects, or creates an object where a <c>Timer</c> may be meant. A type that the
    /// mention filter found for an interface's <c>ConnectAsync</c> declaration then costs a project no lookups.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public static bool MayStartPath(INamedTypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            if (declaration is not (TypeDeclarationSyntax or CompilationUnitSyntax))
            {
                continue;
            }

            var text = TreeText.Of(reference.SyntaxTree, cancellationToken);
            foreach (var _ in ConnectCallsIn(text, declaration))
            {
                return true;
            }

            foreach (var _ in OwnCreationsIn(text, declaration))
            {
                if (text.IndexOf("Timer", StringComparison.Ordinal) >= 0 || SourceMentions.HasGlobalAliasSpelling(semanticModel, "Timer", cancellationToken))
                {
                    return true;
                }

                break;
            }
        }

        return false;
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private bool Search(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var mayCreateTimer = _symbols.ThreadingTimer is not null
            && type.DeclaringSyntaxReferences.FirstOrDefault() is { } firstPart
            && SourceMentions.HasGlobalAliasSpelling(ModelFor(firstPart.SyntaxTree), "Timer", cancellationToken);
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            mayCreateTimer |= _symbols.ThreadingTimer is not null
                && TreeText.Of(reference.SyntaxTree, cancellationToken).IndexOf("Timer", StringComparison.Ordinal) >= 0;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            if (declaration is not (TypeDeclarationSyntax or CompilationUnitSyntax))
            {
                continue;
            }

            if (HasConnectCall(reference.SyntaxTree, declaration, cancellationToken)
                || (mayCreateTimer && CreatesTimer(reference.SyntaxTree, declaration, cancellationToken)))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private bool HasConnectCall(SyntaxTree tree, SyntaxNode declaration, CancellationToken cancellationToken)
    {
        foreach (var call in ConnectCallsIn(TreeText.Of(tree, cancellationToken), declaration))
        {
            if (MayReachConnect(call)
                && ModelFor(tree).GetOperation(call, cancellationToken) is IInvocationOperation invocation
                && StartsPath(invocation, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The calls in the declaration's own code whose invoked name says it connects, found in its text.</summary>
    private static IEnumerable<InvocationExpressionSyntax> ConnectCallsIn(string text, SyntaxNode declaration)
    {
        var span = declaration.Span;
        foreach (var word in s_connectWords)
        {
            for (var at = text.IndexOf(word, span.Start, span.Length, StringComparison.Ordinal); at >= 0; at = TreeText.NextWithin(text, word, at, span))
            {
                var (start, end) = TreeText.IdentifierAround(text, at, word.Length);
                if ((word == "onnect" || start == at)
                    && ConnectMethods.MayConnect(text.Substring(start, end - start))
                    && IsFollowedByCall(text, end)
                    && CallNamedAt(declaration, start) is { } call)
                {
                    yield return call;
                }
            }
        }
    }

    /// <summary>What ReconnectPaths takes for the start of a path: the socket's connect, or a connecting call that reaches it.</summary>
    private bool StartsPath(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "ConnectAsync" && _symbols.IsConnectAsync(method))
        {
            return true;
        }

        return ConnectMethods.MayConnect(method.Name)
            && method.MethodKind != MethodKind.DelegateInvoke
            && _connects.Calls.Target(invocation, cancellationToken) is { } target
            && _connects.Depth(target, cancellationToken) is >= 1;
    }

    /// <summary>
    /// A call whose name is <c>ConnectAsync</c>, a local function's, or that of a method of the compilation: any other
    /// call runs a method of a referenced assembly, which has no code to follow. Whether the method reaches the connect
    /// is asked of the one the call runs, once the call is bound (<see cref="StartsPath"/>): binding one call costs less
    /// than searching every method that shares its name (a dozen <c>StartAsync</c>s in a chat client).
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    private bool MayReachConnect(InvocationExpressionSyntax call)
    {
        var name = InvokedName(call)!.Identifier.ValueText;
        return name == "ConnectAsync" || IsMethodOfCompilation(name) || CallsLocalFunction(call, name);
    }

    /// <summary>
    /// Every method a call can name is a method declaration or a local function (asked after this, as it walks the
    /// caller's member): found in syntax, no type of the compilation has its members made for this.
    /// </summary>
    private bool IsMethodOfCompilation(string name)
    {
        if (_names.TryGetValue(name, out var known))
        {
            return known;
        }

        return _names.GetOrAdd(name, DeclarationIndex.For(_compilation).MethodsNamed(name).Count > 0);
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static bool CallsLocalFunction(InvocationExpressionSyntax call, string name)
    {
        if (call.Expression is not SimpleNameSyntax)
        {
            return false;
        }

        for (SyntaxNode? node = call; node is not null; node = node.Parent)
        {
            if (node is MemberDeclarationSyntax or CompilationUnitSyntax)
            {
                foreach (var descendant in node.DescendantNodes())
                {
                    if (descendant is LocalFunctionStatementSyntax function && function.Identifier.ValueText == name)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return false;
    }

    private bool CreatesTimer(SyntaxTree tree, SyntaxNode declaration, CancellationToken cancellationToken)
    {
        foreach (var creation in OwnCreationsIn(TreeText.Of(tree, cancellationToken), declaration))
        {
            if (ModelFor(tree).GetOperation(creation, cancellationToken) is IObjectCreationOperation created
                && SymbolEqualityComparer.Default.Equals(created.Type, _symbols.ThreadingTimer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The object creations (<c>new T(…)</c> and target-typed <c>new(…)</c>) in the declaration's own code.</summary>
    private static IEnumerable<BaseObjectCreationExpressionSyntax> OwnCreationsIn(string text, SyntaxNode declaration)
    {
        var span = declaration.Span;
        const string New = "new";
        for (var at = text.IndexOf(New, span.Start, span.Length, StringComparison.Ordinal); at >= 0; at = TreeText.NextWithin(text, New, at, span))
        {
            if (TreeText.IdentifierAround(text, at, New.Length) == (at, at + New.Length)
                && declaration.FindToken(at) is { RawKind: (int)SyntaxKind.NewKeyword, Parent: BaseObjectCreationExpressionSyntax creation }
                && IsOwnCode(creation, declaration))
            {
                yield return creation;
            }
        }
    }

    private static bool IsFollowedByCall(string text, int end)
    {
        while (end < text.Length && char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return end < text.Length && text[end] is '(' or '<';
    }

    /// <summary>The invocation whose invoked name starts at <paramref name="position"/>, in the declaration's own code.</summary>
    private static InvocationExpressionSyntax? CallNamedAt(SyntaxNode declaration, int position)
    {
        var token = declaration.FindToken(position);
        if (token.Parent is not SimpleNameSyntax name || token.SpanStart != position)
        {
            return null;
        }

        return CallSyntax.InvocationOf(CallSyntax.CalleeOf(name)) is { } invocation && IsOwnCode(invocation, declaration)
            ? invocation
            : null;
    }

    private static SimpleNameSyntax? InvokedName(InvocationExpressionSyntax call)
    {
        return call.Expression switch
        {
            SimpleNameSyntax name => name,
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            _ => null,
        };
    }

    /// <summary>The node is in the declaration's own members, not in a nested type's (nor, for top-level code, in a type's).</summary>
    private static bool IsOwnCode(SyntaxNode node, SyntaxNode declaration)
    {
        for (var parent = node.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
            {
                return parent == declaration;
            }
        }

        return declaration is CompilationUnitSyntax;
    }

    private SemanticModel ModelFor(SyntaxTree tree)
    {
#pragma warning disable RS1030 // A part of a type being judged: with CompilationWithAnalyzers this is the driver's cached model.
        return _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
