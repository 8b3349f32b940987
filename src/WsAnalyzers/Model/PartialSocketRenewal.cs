using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// A socket field or property that a retry connects again and that the type replaces only when one kind of
/// failure is caught (<c>catch (ObjectDisposedException) { ResetSocket(); … }</c>): every other failure, and every
/// retry after a drop, reaches <c>ConnectAsync</c> on the instance that already connected once.
/// </summary>
internal static class PartialSocketRenewal
{
    /// <summary>
    /// True when every store of a new instance into <paramref name="member"/> outside constructors and initializers
    /// runs only inside a <c>catch</c>, directly or in a method of the type called only from catch clauses; false
    /// when one may run on every attempt, or when there is none (the ordinary reuse rule covers that).
    /// </summary>
    public static bool IsReplacedOnlyInCatch(ReconnectPaths type, ISymbol member)
    {
        var renewals = 0;
        var writes = new List<IOperation>();
        foreach (var (owner, root) in type.Roots)
        {
            if (owner is IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor })
            {
                continue;
            }

            writes.Clear();
            SymbolWrites.Collect(root, member, writes);
            foreach (var write in writes)
            {
                if (SymbolWrites.StoresNothing(write))
                {
                    continue;
                }

                renewals++;
                if (!IsInCatch(write) && !(owner is IMethodSymbol method && IsCalledOnlyFromCatch(type, method)))
                {
                    return false;
                }
            }
        }

        return renewals > 0;
    }

    private static bool IsCalledOnlyFromCatch(ReconnectPaths type, IMethodSymbol method)
    {
        var calls = 0;
        foreach (var (_, root) in type.Roots)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is IInvocationOperation invocation
                    && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method.OriginalDefinition))
                {
                    calls++;
                    if (!IsInCatch(invocation))
                    {
                        return false;
                    }
                }
                else if (operation is IMethodReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Method.OriginalDefinition, method.OriginalDefinition))
                {
                    // Handed on as a delegate: when it runs is unknown.
                    return false;
                }
            }
        }

        return calls > 0;
    }

    private static bool IsInCatch(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ICatchClauseOperation)
            {
                return true;
            }

            if (current.IsExecutionBoundary())
            {
                return false;
            }
        }

        return false;
    }
}
