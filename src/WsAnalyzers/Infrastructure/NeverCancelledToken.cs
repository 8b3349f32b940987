using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Model;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// Proves, conservatively, that a <c>CancellationToken</c> argument can never be cancelled: <c>CancellationToken.None</c>,
/// <c>default</c>, <c>new CancellationToken()</c> / <c>(false)</c>, <c>token ?? CancellationToken.None</c> where the
/// nullable is null, a local whose only value is one of those, or a parameter that a caller in the same file fills with
/// one of those (an omitted optional argument included). Anything else is unknown and proves nothing.
/// </summary>
internal static class NeverCancelledToken
{
    private const int MaxDepth = 4;

    /// <summary>
    /// Completes the sentence "its token …" when <paramref name="token"/> can never be cancelled; null when it may be.
    /// </summary>
    public static string? Explain(IOperation token, CancellationToken cancellationToken) =>
        Explain(token, depth: 0, cancellationToken);

    private static string? Explain(IOperation token, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        token = token.WithoutImplicitConversions();
        if (ExplainLiteral(token) is { } literal)
        {
            return literal;
        }

        switch (token)
        {
            case ICoalesceOperation coalesce
                when Explain(coalesce.WhenNull, depth + 1, cancellationToken) is not null
                    && Explain(coalesce.Value, depth + 1, cancellationToken) is { } valueExplanation:
                return valueExplanation;

            case ILocalReferenceOperation local:
                return ExplainLocal(local, depth, cancellationToken);

            case IParameterReferenceOperation parameter:
                return ExplainParameter(parameter, depth, cancellationToken);

            // Without its usings (implicit global usings in a half-restored project) the type does not bind; the text
            // still says which value it is.
            case { Type: null or IErrorTypeSymbol, Syntax: ExpressionSyntax spelled } when CloseReach.SpellsNeverCancelled(spelled):
                return "is CancellationToken.None";

            default:
                return null;
        }
    }

    /// <summary>
    /// The token as written, when it is a value that never fires (<c>CancellationToken.None</c>, <c>default</c>,
    /// <c>null</c> for a nullable token, <c>new CancellationToken()</c> / <c>(false)</c>); null for anything else, a
    /// local or parameter included. A fix may drop such a token; any other one it passes on.
    /// </summary>
    public static string? ExplainLiteral(IOperation token)
    {
        token = token.WithoutImplicitConversions();
        switch (token)
        {
            case IPropertyReferenceOperation { Property.Name: "None", Property.IsStatic: true } none
                when IsCancellationToken(none.Property.ContainingType):
                return "is CancellationToken.None";

            case IDefaultValueOperation when IsCancellationToken(token.Type) || token.IsNullConstant():
                return "is default, which is never cancelled";

            case ILiteralOperation when token.IsNullConstant():
                return "is null, which becomes a token that is never cancelled";

            case IObjectCreationOperation creation
                when IsCancellationToken(creation.Type)
                    && (creation.Arguments.Length == 0 || creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: false }):
                return "is a new CancellationToken that is never cancelled";

            default:
                return null;
        }
    }

    private static bool IsCancellationToken(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type is { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
    }

    /// <summary>A local written once, where it is declared, with a value that is never cancelled.</summary>
    private static string? ExplainLocal(ILocalReferenceOperation reference, int depth, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer } declarator
            || reference.SemanticModel is not { } semanticModel
            || IsWrittenAgain(local, declarator, semanticModel, reference.Root(), cancellationToken)
            || semanticModel.GetOperation(initializer.Value, cancellationToken) is not { } value)
        {
            return null;
        }

        return Explain(value, depth + 1, cancellationToken);
    }

    private static bool IsWrittenAgain(ILocalSymbol local, SyntaxNode declarator, SemanticModel semanticModel, IOperation root, CancellationToken cancellationToken)
    {
        foreach (var operation in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation passed } when SymbolEqualityComparer.Default.Equals(passed.Local, local):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A parameter proves nothing by itself: its callers decide. It counts when a call in this file passes a value that
    /// is never cancelled (or omits an optional argument whose default is one), because that call's path then closes
    /// without a time limit. Callers in other files are not needed for that proof and are not looked at.
    /// </summary>
    private static string? ExplainParameter(IParameterReferenceOperation reference, int depth, CancellationToken cancellationToken)
    {
        var parameter = reference.Parameter;
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } method
            || parameter.RefKind != RefKind.None
            || reference.SemanticModel is not { } semanticModel
            || !IsCancellationToken(parameter.Type))
        {
            return null;
        }

        var root = semanticModel.SyntaxTree.GetRoot(cancellationToken);
        foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (CalledName(invocation.Expression) != method.Name
                || semanticModel.GetOperation(invocation, cancellationToken) is not IInvocationOperation call
                || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition))
            {
                continue;
            }

            var argument = call.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition, parameter.OriginalDefinition));
            if (argument is null)
            {
                continue;
            }

            var caller = semanticModel.GetEnclosingSymbol(invocation.SpanStart, cancellationToken)?.Name ?? method.Name;
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                if (parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is null)
                {
                    return $"'{parameter.Name}' is left at its default by '{caller}', so it is never cancelled";
                }

                continue;
            }

            if (Explain(argument.Value, depth + 1, cancellationToken) is not null)
            {
                return $"'{parameter.Name}' is never cancelled when '{caller}' calls '{method.Name}'";
            }
        }

        return null;
    }

    private static string? CalledName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };
}
