using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
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

    /// <summary>The members <paramref name="member"/>'s code calls; empty for members of referenced assemblies.</summary>
    public ImmutableArray<ISymbol> Callees(ISymbol member, CancellationToken cancellationToken)
    {
        member = member.OriginalDefinition;
        if (_callees.TryGetValue(member, out var known))
        {
            return known;
        }

        var body = _code.Body(member, cancellationToken);
        var callees = body is null ? ImmutableArray<ISymbol>.Empty : Collect(body);
        return _callees.GetOrAdd(member, callees);
    }

    /// <summary>The member a call runs, with interface and virtual calls resolved; null when that is unknown.</summary>
    public ISymbol? Target(IOperation call)
    {
        switch (call)
        {
            case IInvocationOperation invocation when invocation.TargetMethod.MethodKind == MethodKind.DelegateInvoke:
                return DelegateSource(invocation.Instance);
            case IInvocationOperation invocation:
                return Resolve(invocation.TargetMethod);
            case IMethodReferenceOperation reference:
                return Resolve(reference.Method);
            default:
                return null;
        }
    }

    /// <summary>True when <paramref name="from"/> calls <paramref name="target"/> within <see cref="MaxDepth"/> calls.</summary>
    public bool Reaches(ISymbol from, ISymbol target, CancellationToken cancellationToken)
    {
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { from.OriginalDefinition };
        var level = new List<ISymbol> { from.OriginalDefinition };
        for (var depth = 0; depth < MaxDepth && level.Count > 0; depth++)
        {
            var next = new List<ISymbol>();
            foreach (var member in level)
            {
                foreach (var callee in Callees(member, cancellationToken))
                {
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

    private ImmutableArray<ISymbol> Collect(IOperation body)
    {
        var callees = ImmutableArray.CreateBuilder<ISymbol>();
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation or IMethodReferenceOperation
                && Target(operation) is { } target
                && seen.Add(target))
            {
                callees.Add(target);
            }
        }

        return callees.ToImmutable();
    }

    private ISymbol? Resolve(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        return method.DeclaringSyntaxReferences.IsEmpty && !method.IsAbstract && method.ContainingType?.TypeKind != TypeKind.Interface
            ? method.OriginalDefinition
            : _code.Implementation(method);
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
