using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// From a method's name, as text searches find it, to the call around it: <c>Name(…)</c>, <c>x.Name(…)</c>,
/// <c>x?.Name(…)</c>, or the method group <c>x.Name</c> that is not called there.
/// </summary>
internal static class CallSyntax
{
    /// <summary>The expression <paramref name="name"/> ends: the member access or binding whose name it is, else the name itself.</summary>
    public static ExpressionSyntax CalleeOf(SimpleNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access when access.Name == name => access,
        MemberBindingExpressionSyntax binding when binding.Name == name => binding,
        _ => name,
    };

    /// <summary>The invocation that calls <paramref name="callee"/>, or null where it is not called (a method group, an argument).</summary>
    public static InvocationExpressionSyntax? InvocationOf(ExpressionSyntax callee) =>
        callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
}
