using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// What each member of the compilation calls, once per compilation: the methods its code invokes or hands
/// on as a delegate (a timer callback, a continuation), lambdas and local functions included, and the
/// delegate-typed fields and properties it invokes whose value the compilation gives them. Interface and
/// virtual calls resolve to the one implementation the compilation has, or stay as written.
/// </summary>
internal sealed class MemberCalls
{
    /// <summary>How many calls deep the rules follow the project's own code.</summary>
    public const int MaxDepth = 3;

    private static readonly ConditionalWeakTable<Compilation, MemberCalls> s_byCompilation = new();

    private readonly SourceCode _code;
    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<ISymbol>> _callees = new(SymbolEqualityComparer.Default);

    private MemberCalls(Compilation compilation)
    {
        _code = SourceCode.For(compilation);
    }

    public SourceCode Code => _code;

    public static MemberCalls For(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new MemberCalls(c));

    /// <summary>
    /// The members <paramref name="member"/>'s code calls, as written: an interface or virtual call stays on the method
    /// it names until <see cref="Follow"/> resolves it, so that a search that stops at a callee never looks for its
    /// implementations. Empty for members of referenced assemblies.
    /// </summary>
    public ImmutableArray<ISymbol> Callees(ISymbol member, CancellationToken cancellationToken)
    {
        member = member.OriginalDefinition;
        if (_callees.TryGetValue(member, out var known))
        {
            return known;
        }

        var callees = member is IFieldSymbol or IPropertySymbol
            ? CollectAll(DelegateValues(member, cancellationToken), cancellationToken)
            : _code.Body(member, cancellationToken) is { } body ? Collect(body, cancellationToken) : ImmutableArray<ISymbol>.Empty;
        return _callees.GetOrAdd(member, callees);
    }

    /// <summary>
    /// The callees of <paramref name="method"/>'s code that it calls or hands on by the name <paramref name="name"/>:
    /// those of <see cref="Callees"/> with that name, found where the text spells it instead of in a walk of the whole
    /// operation tree. A method's name is spelled wherever it is called, so a search that only asks whether a callee is
    /// one method (the socket's connect, on the search's last level) needs no other call; in a large method the walk
    /// cost more than all the rest of that search.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public ImmutableArray<ISymbol> CalleesNamed(IMethodSymbol method, string name, CancellationToken cancellationToken)
    {
        if (_code.Body(method, cancellationToken) is not { SemanticModel: { } semanticModel, Syntax: var syntax })
        {
            return ImmutableArray<ISymbol>.Empty;
        }

        var text = TreeText.Of(syntax.SyntaxTree, cancellationToken);
        var span = syntax.Span;
        var callees = ImmutableArray.CreateBuilder<ISymbol>();
        for (var at = text.IndexOf(name, span.Start, span.Length, StringComparison.Ordinal); at >= 0; at = TreeText.NextWithin(text, name, at, span))
        {
            var token = syntax.FindToken(at);
            if (token.SpanStart != at || token.ValueText != name || token.Parent is not SimpleNameSyntax simpleName)
            {
                // In a string, a comment or a longer name.
                continue;
            }

            var callee = CallSyntax.CalleeOf(simpleName);
            var target = AsCallee(semanticModel.GetOperation(CallSyntax.InvocationOf(callee) ?? callee, cancellationToken), cancellationToken);
            if (target is not null && !callees.Contains(target))
            {
                callees.Add(target);
            }
        }

        return callees.ToImmutable();
    }

    /// <summary>
    /// The values a delegate-typed field or property of the compilation gets from its own type: its initializer
    /// and what the type's constructors store into it (<c>_factory = factory ?? (async (uri, ct) =&gt; …)</c>).
    /// </summary>
    private List<IOperation> DelegateValues(ISymbol member, CancellationToken cancellationToken)
    {
        var values = new List<IOperation>();
        if (_code.Body(member, cancellationToken) is { } initializer)
        {
            values.Add(initializer);
        }

        if (member.ContainingType is not { } type)
        {
            return values;
        }

        var writes = new List<IOperation>();
        foreach (var constructor in member.IsStatic ? type.StaticConstructors : type.InstanceConstructors)
        {
            if (_code.Body(constructor, cancellationToken) is { } body)
            {
                SymbolWrites.Collect(body, member, writes);
            }
        }

        foreach (var write in writes)
        {
            if (SymbolWrites.StoredValue(write) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }

    private static ImmutableArray<ISymbol> CollectAll(List<IOperation> values, CancellationToken cancellationToken)
    {
        if (values.Count == 1)
        {
            return Collect(values[0], cancellationToken);
        }

        var all = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var value in values)
        {
            all.UnionWith(Collect(value, cancellationToken));
        }

        return ImmutableArray.CreateRange(all);
    }

    /// <summary>
    /// The member a call runs, with interface and virtual calls resolved to their one implementation; the
    /// declaration itself when the compilation has several; null when the code is out of reach.
    /// </summary>
    public ISymbol? Target(IOperation call, CancellationToken cancellationToken) =>
        AsWritten(call) is { } callee ? Follow(callee, cancellationToken) : null;

    /// <summary>
    /// The member a callee of <see cref="Callees"/> runs: a method resolved as <see cref="Target"/> resolves calls, a
    /// delegate-typed field or property as it is; null when the code is out of reach.
    /// </summary>
    public ISymbol? Follow(ISymbol callee, CancellationToken cancellationToken) =>
        callee is IMethodSymbol method ? Resolve(method, cancellationToken) : callee;

    /// <summary>The method a call names, or the field or property its delegate comes from.</summary>
    private static ISymbol? AsWritten(IOperation call)
    {
        switch (call)
        {
            case IInvocationOperation invocation when invocation.TargetMethod.MethodKind == MethodKind.DelegateInvoke:
                return DelegateSource(invocation.Instance);
            case IInvocationOperation invocation:
                return AsWritten(invocation.TargetMethod);
            case IMethodReferenceOperation reference:
                return AsWritten(reference.Method);
            default:
                return null;
        }
    }

    private static IMethodSymbol AsWritten(IMethodSymbol method) => (method.ReducedFrom ?? method).OriginalDefinition;

    /// <summary>True when <paramref name="from"/> calls <paramref name="target"/> within <see cref="MaxDepth"/> calls.</summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public bool Reaches(ISymbol from, ISymbol target, CancellationToken cancellationToken)
    {
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { from.OriginalDefinition };
        var level = new List<ISymbol> { from.OriginalDefinition };
        for (var depth = 0; depth < MaxDepth && level.Count > 0; depth++)
        {
            var next = new List<ISymbol>();
            foreach (var member in level)
            {
                foreach (var written in Callees(member, cancellationToken))
                {
                    if (Follow(written, cancellationToken) is not { } callee)
                    {
                        continue;
                    }

                    if (SymbolEqualityComparer.Default.Equals(callee, target.OriginalDefinition))
                    {
                        return true;
                    }

                    if (seen.Add(callee))
                    {
                        next.Add(callee);
                    }
                }
            }

            level = next;
        }

        return false;
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static ImmutableArray<ISymbol> Collect(IOperation body, CancellationToken cancellationToken)
    {
        var callees = ImmutableArray.CreateBuilder<ISymbol>();
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in body.DescendantsAndSelf())
        {
            var target = AsCallee(operation, cancellationToken);
            if (target is not null && seen.Add(target))
            {
                callees.Add(target);
            }
        }

        return callees.ToImmutable();
    }

    /// <summary>The member a call or method reference names as written (see <see cref="Collect"/>); null for any other operation.</summary>
    private static ISymbol? AsCallee(IOperation? operation, CancellationToken cancellationToken) => operation switch
    {
        IInvocationOperation or IMethodReferenceOperation => AsWritten(operation),
        IInvalidOperation { Syntax: InvocationExpressionSyntax } invalid => OnlyCandidate(invalid, cancellationToken),
        _ => null,
    };

    /// <summary>
    /// A call the compiler could not bind because an argument's type is missing (an unrestored package, a
    /// missing using): the method it could have meant, when all its candidates are overloads of one, so that a connect is still recognised.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static ISymbol? OnlyCandidate(IInvalidOperation invalid, CancellationToken cancellationToken)
    {
        var candidates = invalid.SemanticModel?.GetSymbolInfo(invalid.Syntax, cancellationToken).CandidateSymbols ?? ImmutableArray<ISymbol>.Empty;
        if (candidates.IsEmpty || candidates[0] is not IMethodSymbol first)
        {
            return null;
        }

        // Overloads of one method (ConnectAsync with and without an invoker) mean the same call here.
        foreach (var candidate in candidates)
        {
            if (candidate.Name != first.Name || !SymbolEqualityComparer.Default.Equals(candidate.ContainingType, first.ContainingType))
            {
                return null;
            }
        }

        return AsWritten(first);
    }

    private ISymbol? Resolve(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.ReducedFrom ?? method;
        if (method.DeclaringSyntaxReferences.IsEmpty && !method.IsAbstract && method.ContainingType?.TypeKind != TypeKind.Interface)
        {
            return method.OriginalDefinition;
        }

        // Several implementations: the call stays on the declaration, whose code is unknown.
        return _code.Implementation(method, cancellationToken) ?? (method.DeclaringSyntaxReferences.IsEmpty ? null : method.OriginalDefinition);
    }

    /// <summary>A delegate read from a field or property of the compilation, which then stands for the code of its initializer.</summary>
    private static ISymbol? DelegateSource(IOperation? instance)
    {
        return instance?.WithoutImplicitConversions() switch
        {
            IFieldReferenceOperation field when !field.Field.DeclaringSyntaxReferences.IsEmpty => field.Field.OriginalDefinition,
            IPropertyReferenceOperation property when !property.Property.DeclaringSyntaxReferences.IsEmpty => property.Property.OriginalDefinition,
            _ => null,
        };
    }
}
