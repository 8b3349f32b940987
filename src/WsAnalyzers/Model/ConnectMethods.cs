using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// The project's own ways to connect: a member of the compilation that calls <c>ClientWebSocket.ConnectAsync</c>,
/// directly or through up to <see cref="MemberCalls.MaxDepth"/> calls of its own code (a wrapper's
/// <c>Connect</c>, an interface with one implementation, a connection factory held in a delegate field).
/// A retry of such a call is a reconnect as much as a retry of <c>ConnectAsync</c> itself.
/// </summary>
internal sealed class ConnectMethods
{
    private static readonly ConditionalWeakTable<Compilation, ConnectMethods> s_byCompilation = new();

    private readonly Compilation _compilation;
    private readonly MemberCalls _calls;
    private readonly ReconnectSymbols _symbols;
    private readonly ConcurrentDictionary<(ISymbol Member, int Budget), int> _depths = new();

    private ConnectMethods(Compilation compilation, ReconnectSymbols symbols)
    {
        _compilation = compilation;
        _calls = MemberCalls.For(compilation);
        _symbols = symbols;
    }

    /// <summary>One instance per compilation, shared by the rules that ask.</summary>
    public static ConnectMethods For(Compilation compilation, ReconnectSymbols symbols) =>
        s_byCompilation.GetValue(compilation, c => new ConnectMethods(c, symbols));

    public MemberCalls Calls => _calls;

    /// <summary>
    /// A call worth asking about: its name says it connects (<see cref="SaysConnect"/>), opens or starts something. Names
    /// decide only where the search starts, so that the code of calls that cannot be a reconnect is never bound.
    /// </summary>
    public static bool MayConnect(string name)
    {
        return SaysConnect(name.AsSpan())
            || name.StartsWith("Open", StringComparison.Ordinal)
            || name.StartsWith("Start", StringComparison.Ordinal);
    }

    /// <summary>
    /// The name contains <c>Connect</c> as a verb: not <c>Disconnect</c>, and not <c>Connection</c> or <c>Connected</c>,
    /// which name a thing or a state (<c>GetConnectionsAsync</c>, <c>OnConnected</c>). The per-file filter
    /// (<see cref="MentionScanner"/>) and the connect search read names alike.
    /// </summary>
    public static bool SaysConnect(ReadOnlySpan<char> name)
    {
        return name.IndexOf("onnect".AsSpan()) >= 0
            && name.IndexOf("isconnect".AsSpan()) < 0
            && name.IndexOf("onnection".AsSpan()) < 0
            && name.IndexOf("onnected".AsSpan()) < 0;
    }

    /// <summary>
    /// How many calls <paramref name="member"/> is away from <c>ClientWebSocket.ConnectAsync</c>: 0 for that
    /// method itself, null when it does not reach it within <see cref="MemberCalls.MaxDepth"/>.
    /// </summary>
    public int? Depth(ISymbol? member, CancellationToken cancellationToken)
    {
        var depth = Depth(member, MemberCalls.MaxDepth, new HashSet<ISymbol>(SymbolEqualityComparer.Default), out _, cancellationToken);
        return depth == int.MaxValue ? null : depth;
    }

    /// <summary>
    /// False for a method whose own code (<see cref="MemberCodeSpan"/>) never spells <c>ConnectAsync</c>: with one call
    /// left it cannot reach the socket's connect, so its body is not bound. The last level of the search is its widest;
    /// this keeps it to text. A field or property gets its delegate from elsewhere (an initializer, a constructor), so it
    /// is always followed.
    /// </summary>
    private static bool MaySpellConnect(ISymbol member, CancellationToken cancellationToken)
    {
        if (member is not IMethodSymbol)
        {
            return true;
        }

        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (MemberCodeSpan.Spells(reference.SyntaxTree, reference.GetSyntax(cancellationToken), "ConnectAsync", cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// False for a method whose code names nothing that spells <c>ConnectAsync</c> (<see cref="ConnectSpellers"/>): with two
    /// calls left it cannot reach the socket's connect, so its body is not bound. An interface or abstract method is
    /// judged by its implementations, and a field or property by the delegates it is given, as before.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    private bool MayCallConnectSpeller(ISymbol member, CancellationToken cancellationToken)
    {
        if (member is not IMethodSymbol { IsAbstract: false } method || method.ContainingType?.TypeKind == TypeKind.Interface)
        {
            return true;
        }

        var spellers = ConnectSpellers.For(_compilation, cancellationToken);
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (spellers.AreNamedIn(reference, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// False when no method of the compilation called <paramref name="name"/> passes the text filter of the level with
    /// <paramref name="budget"/> calls left: none of them spells <c>ConnectAsync</c> (one call left), or names a member
    /// that does (two calls left).
    /// </summary>
    private bool SomeMethodNamedMayReach(string name, int budget, CancellationToken cancellationToken) => budget switch
    {
        1 => _calls.Code.SomeMethodNamedSpells(name, "ConnectAsync", cancellationToken),
        2 => ConnectSpellers.For(_compilation, cancellationToken).AreNamedInSomeMethodNamed(name, cancellationToken),
        _ => true,
    };

    /// <summary>A call of this method may run an implementation or override of it: finding which is a search by name.</summary>
    private static bool MayRunAnother(IMethodSymbol method) =>
        method.ContainingType?.TypeKind == TypeKind.Interface || method.IsAbstract || method.IsVirtual || method.IsOverride;

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private int Depth(ISymbol? member, int budget, HashSet<ISymbol> visiting, out bool cutCycle, CancellationToken cancellationToken)
    {
        cutCycle = false;
        if (member is null)
        {
            return int.MaxValue;
        }

        if (member is IMethodSymbol method && _symbols.IsConnectAsync(method))
        {
            return 0;
        }

        if (budget == 0 || member.DeclaringSyntaxReferences.IsEmpty || (budget == 1 && !MaySpellConnect(member, cancellationToken)))
        {
            return int.MaxValue;
        }

        if (budget == 1 && member is IMethodSymbol { IsAbstract: true } or IMethodSymbol { ContainingType.TypeKind: TypeKind.Interface })
        {
            // Its implementations would be searched with no call left, and theirs is the compilation's code, never the socket's connect.
            return int.MaxValue;
        }

        var key = (member.OriginalDefinition, budget);
        if (_depths.TryGetValue(key, out var known))
        {
            return known;
        }

        if (budget == 2 && !MayCallConnectSpeller(member, cancellationToken))
        {
            _depths.TryAdd(key, int.MaxValue);
            return int.MaxValue;
        }

        // A cycle back to a member being computed adds nothing; a result that cut one depends on where the
        // search started, so only complete results are kept.
        if (!visiting.Add(key.Item1))
        {
            cutCycle = true;
            return int.MaxValue;
        }

        var best = int.MaxValue;
        // With one call left only the socket's connect itself counts, and a method's code names it where it calls it.
        var callees = budget == 1 && member is IMethodSymbol lastLevel
            ? _calls.CalleesNamed(lastLevel, "ConnectAsync", cancellationToken)
            : _calls.Callees(member, cancellationToken);
        var asWritten = true;
        if (member is IMethodSymbol { IsAbstract: true } or IMethodSymbol { ContainingType.TypeKind: TypeKind.Interface })
        {
            // A connect the compilation implements several ways: it reconnects a WebSocket when one of them does,
            // and the wait around it is the caller's whichever runs.
            callees = ImmutableArray.CreateRange<ISymbol>(_calls.Code.Implementations((IMethodSymbol)member, cancellationToken));
            asWritten = false;
        }

        foreach (var callee in callees)
        {
            ISymbol? target = callee;
            if (asWritten)
            {
                if (callee is IMethodSymbol called && MayRunAnother(called) && !SomeMethodNamedMayReach(called.Name, budget - 1, cancellationToken))
                {
                    // The next level decides by text (MaySpellConnect, MayCallConnectSpeller), and every implementation or
                    // override of the method has its name: when none passes, its implementations need not be looked for.
                    continue;
                }

                target = _calls.Follow(callee, cancellationToken);
            }

            var depth = Depth(target, budget - 1, visiting, out var calleeCut, cancellationToken);
            cutCycle |= calleeCut;
            if (depth != int.MaxValue && depth + 1 < best)
            {
                best = depth + 1;
            }
        }

        visiting.Remove(key.Item1);
        if (!cutCycle || best == 1)
        {
            _depths.TryAdd(key, best);
        }

        return best;
    }
}
