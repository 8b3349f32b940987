using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// Which types WS0001 judges, decided before any of their members is bound. Every finding of the rule sits on a socket,
/// a settings object or a keep-alive setting the type's own code names (<c>ClientWebSocket</c>, <c>CreateFromStream</c>,
/// <c>KeepAliveInterval</c>, …), or on a target-typed <c>new()</c> returned by a lambda that creates one. The names are
/// found in text (<see cref="SourceMentions"/>); only such a <c>new()</c> is bound, alone, to see what it creates. A type
/// whose only mentions are <c>new()</c>s of other types (option builders, records) is never bound for WS0001.
/// </summary>
internal sealed class KeepAliveCandidates
{
    private static readonly ConditionalWeakTable<Compilation, KeepAliveCandidates> s_byCompilation = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _types = new(SymbolEqualityComparer.Default);

    private KeepAliveCandidates(Compilation compilation)
    {
        _compilation = compilation;
    }

    public static KeepAliveCandidates For(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new KeepAliveCandidates(c));

    /// <summary>False when no part of <paramref name="type"/> names a WebSocket setup or creates one with <c>new()</c>.</summary>
    public bool MayConfigureSocket(INamedTypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        type = type.OriginalDefinition;
        if (_types.TryGetValue(type, out var known))
        {
            return known;
        }

        var result = SourceMentions.HasWebSocketGlobalAlias(semanticModel, cancellationToken) || Search(type, cancellationToken);
        return _types.GetOrAdd(type, result);
    }

    private bool Search(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var tree = reference.SyntaxTree;
            var span = reference.Span;
            foreach (var (position, mention) in SourceMentions.For(tree, cancellationToken).Hits)
            {
                if ((mention & Mentions.KeepAliveSetup) == 0 || !span.Contains(position))
                {
                    continue;
                }

                var token = tree.GetRoot(cancellationToken).FindToken(position);
                if (!token.IsKind(SyntaxKind.NewKeyword) || token.Parent is not ImplicitObjectCreationExpressionSyntax creation || CreatesWebSocketType(tree, creation, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool CreatesWebSocketType(SyntaxTree tree, ImplicitObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var created = ModelFor(tree).GetTypeInfo(creation, cancellationToken).Type;

        // Sockets, their options and the middleware's options all carry the word; an unbound creation may be any of them.
        return created is null or IErrorTypeSymbol || created.Name.IndexOf("WebSocket", StringComparison.Ordinal) >= 0;
    }

    private SemanticModel ModelFor(SyntaxTree tree)
    {
#pragma warning disable RS1030 // A part of a type being judged: with CompilationWithAnalyzers this is the driver's cached model.
        return _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
