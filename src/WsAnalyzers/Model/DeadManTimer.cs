using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// A watchdog made of a one-shot timer that the code re-arms whenever the peer shows a sign of life: <c>_timer =
/// new Timer(OnSilence, null, limit, Timeout.Infinite)</c> and, on every message, <c>_timer.Change(limit,
/// Timeout.Infinite)</c>. It fires only when the peer went quiet for the whole limit: dead-peer detection that names no
/// deadline in a comparison. Recognised by syntax: a <c>Timer</c> created with an infinite period, and a
/// <c>Change(…, Timeout.Infinite)</c> that re-arms a one-shot timer elsewhere in the type.
/// </summary>
internal static class DeadManTimer
{
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public static bool IsIn(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var armed = false;
        var rearmed = false;
        if (!AllPartsTogetherSpell(type, "Timer", "Change", cancellationToken))
        {
            return false;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case ObjectCreationExpressionSyntax creation when IsNamedTimer(creation.Type)
                        && creation.ArgumentList is { Arguments.Count: 4 } arguments
                        && IsInfinite(arguments.Arguments[3].Expression):
                        armed = true;
                        break;
                    case InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 2 } changeArguments } invocation
                        when ChangeName(invocation.Expression) && IsInfinite(changeArguments[1].Expression):
                        rearmed = true;
                        break;
                }

                if (armed && rearmed)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The type's declarations, taken together, spell both words: a walk of their syntax can only find the timer then.</summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static bool AllPartsTogetherSpell(INamedTypeSymbol type, string first, string second, CancellationToken cancellationToken)
    {
        bool spellsFirst = false, spellsSecond = false;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var text = TreeText.Of(reference.SyntaxTree, cancellationToken);
            var span = reference.Span;
            spellsFirst |= TreeText.Spells(text, first, span.Start, span.End);
            spellsSecond |= TreeText.Spells(text, second, span.Start, span.End);
        }

        return spellsFirst && spellsSecond;
    }

    private static bool ChangeName(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == "Change",
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText == "Change",
        _ => false,
    };

    private static bool IsNamedTimer(TypeSyntax type) => type switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "Timer",
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText == "Timer",
        _ => false,
    };

    private static bool IsInfinite(ExpressionSyntax expression)
    {
        var text = expression.ToString();
        return text is "-1" || text.EndsWith("Timeout.Infinite", System.StringComparison.Ordinal)
            || text.EndsWith("Timeout.InfiniteTimeSpan", System.StringComparison.Ordinal);
    }
}
