using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

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

    /// <summary>The same receiver, calling <paramref name="methodName"/> with <paramref name="arguments"/>.</summary>
    public ExpressionSyntax WithMethod(string methodName, ArgumentListSyntax arguments)
    {
        var name = SyntaxFactory.IdentifierName(methodName);
        var newInvocation = Invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => Invocation.WithExpression(access.WithName(name)),
            MemberBindingExpressionSyntax binding => Invocation.WithExpression(binding.WithName(name)),
            _ => Invocation.WithExpression(name.WithTriviaFrom(Invocation.Expression)),
        };
        newInvocation = newInvocation.WithArgumentList(arguments.WithTriviaFrom(Invocation.ArgumentList));

        return Node is ConditionalAccessExpressionSyntax conditional
            ? conditional.WithWhenNotNull(newInvocation)
            : newInvocation;
    }

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
                case ExpressionStatementSyntax expressionStatement:
                    return expressionStatement;
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
