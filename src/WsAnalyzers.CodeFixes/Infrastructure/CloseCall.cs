using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// A <c>CloseAsync(status, description, token)</c> call as written: on a receiver (<c>ws.CloseAsync</c>),
/// through conditional access (<c>ws?.CloseAsync</c>) or on the implicit <c>this</c>.
/// Lets a fix call another method on the same receiver, in the same form.
/// </summary>
internal sealed class CloseCall
{
    private CloseCall(InvocationExpressionSyntax invocation, ExpressionSyntax node)
    {
        Invocation = invocation;
        Node = node;
        StatusArgument = FindArgument(invocation.ArgumentList, "closeStatus", 0);
        DescriptionArgument = FindArgument(invocation.ArgumentList, "statusDescription", 1);
    }

    public InvocationExpressionSyntax Invocation { get; }

    /// <summary>The whole call expression: the invocation, or the conditional access around it.</summary>
    public ExpressionSyntax Node { get; }

    public ExpressionSyntax? StatusArgument { get; }

    public ExpressionSyntax? DescriptionArgument { get; }

    public ExpressionSyntax? TokenArgument => FindArgument(Invocation.ArgumentList, "cancellationToken", 2);

    /// <summary>
    /// The token argument when some caller may still cancel it (a parameter, a local), for a fix to pass on; null when
    /// it is written as a value that never fires, which a fix may drop.
    /// </summary>
    public ExpressionSyntax? CancellableToken(SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        return TokenArgument is { } token
            && !(semanticModel.GetOperation(token, cancellationToken) is { } operation && NeverCancelledToken.ExplainLiteral(operation) is not null)
            ? token
            : null;
    }

    /// <summary>Null when the call has a shape the fixes do not rewrite.</summary>
    public static CloseCall? Parse(InvocationExpressionSyntax invocation)
    {
        return invocation.Expression switch
        {
            MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } => new CloseCall(invocation, invocation),
            IdentifierNameSyntax => new CloseCall(invocation, invocation),
            MemberBindingExpressionSyntax when invocation.Parent is ConditionalAccessExpressionSyntax access
                && access.WhenNotNull == invocation => new CloseCall(invocation, access),
            _ => null,
        };
    }

    /// <summary>True when naming the receiver again reads the same socket and runs no code of its own: a local, parameter, field or property chain.</summary>
    public bool HasPlainReceiver => Invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => IsPlainReference(access.Expression),
        MemberBindingExpressionSyntax => Node is ConditionalAccessExpressionSyntax conditional && IsPlainReference(conditional.Expression),
        _ => true,
    };

    /// <summary>The same receiver, calling <paramref name="methodName"/> with <paramref name="arguments"/>.</summary>
    public ExpressionSyntax WithMethod(string methodName, ArgumentListSyntax arguments)
    {
        return OnReceiver(invocation => invocation.WithArgumentList(arguments.WithTriviaFrom(Invocation.ArgumentList)), methodName);
    }

    /// <summary>The same receiver, reading <paramref name="propertyName"/>.</summary>
    public ExpressionSyntax WithProperty(string propertyName)
    {
        return OnReceiver(invocation => invocation.Expression, propertyName);
    }

    private ExpressionSyntax OnReceiver(Func<InvocationExpressionSyntax, ExpressionSyntax> shape, string memberName)
    {
        var name = SyntaxFactory.IdentifierName(memberName);
        var renamed = Invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => Invocation.WithExpression(access.WithName(name)),
            MemberBindingExpressionSyntax binding => Invocation.WithExpression(binding.WithName(name)),
            _ => Invocation.WithExpression(name.WithTriviaFrom(Invocation.Expression)),
        };
        var member = shape(renamed);

        return Node is ConditionalAccessExpressionSyntax conditional
            ? conditional.WithWhenNotNull(member)
            : member;
    }

    private static bool IsPlainReference(ExpressionSyntax receiver) => receiver switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax or BaseExpressionSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsPlainReference(access.Expression),
        ParenthesizedExpressionSyntax parenthesized => IsPlainReference(parenthesized.Expression),
        _ => false,
    };

    /// <summary><c>receiver.Abort();</c> in place of <paramref name="statement"/>, which must come from <see cref="FindStandaloneStatement"/>.</summary>
    public ExpressionStatementSyntax ToAbortStatement(ExpressionStatementSyntax statement)
    {
        return SyntaxFactory.ExpressionStatement(WithMethod("Abort", SyntaxFactory.ArgumentList()))
            .WithTriviaFrom(statement)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>
    /// Finds the statement that does nothing but run this call: <c>await x.CloseAsync(…);</c>, with or
    /// without <c>ConfigureAwait</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c> or <c>_ = …</c>.
    /// Only then can the call be swapped for a synchronous one without changing what the code computes.
    /// </summary>
    public ExpressionStatementSyntax? FindStandaloneStatement()
    {
        return FindRunningExpression() is { Parent: ExpressionStatementSyntax statement } ? statement : null;
    }

    /// <summary>
    /// The outermost expression that only runs this call (the walk of <see cref="FindStandaloneStatement"/>), when it
    /// is a whole statement or a whole expression body; null when its value is used for something else.
    /// </summary>
    public ExpressionSyntax? FindRunningExpression()
    {
        SyntaxNode current = Node;
        while (true)
        {
            var parent = current.Parent;
            switch (parent)
            {
                case ParenthesizedExpressionSyntax:
                case AwaitExpressionSyntax:
                    current = parent;
                    continue;
                case MemberAccessExpressionSyntax access when access.Expression == current
                    && access.Parent is InvocationExpressionSyntax call
                    && IsTaskPlumbing(access.Name.Identifier.ValueText):
                    current = call;
                    continue;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
                    when discard.Right == current:
                    current = parent;
                    continue;
                case ExpressionStatementSyntax:
                case ArrowExpressionClauseSyntax:
                    return (ExpressionSyntax)current;
                default:
                    return null;
            }
        }
    }

    private static bool IsTaskPlumbing(string memberName)
    {
        return memberName is "ConfigureAwait" or "Wait" or "GetAwaiter" or "GetResult";
    }

    private static ExpressionSyntax? FindArgument(ArgumentListSyntax arguments, string parameterName, int position)
    {
        foreach (var argument in arguments.Arguments)
        {
            if (argument.NameColon?.Name.Identifier.ValueText == parameterName)
            {
                return argument.Expression;
            }
        }

        return position < arguments.Arguments.Count && arguments.Arguments[position].NameColon is null
            ? arguments.Arguments[position].Expression
            : null;
    }
}
