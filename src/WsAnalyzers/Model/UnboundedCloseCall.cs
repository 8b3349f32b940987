using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// A <c>WebSocket.CloseAsync</c> that waits for the peer with no time limit: its token can never be cancelled, no
/// bounded synchronous wait surrounds it, it does not answer a close the peer sent, and its status does not make it
/// throw before sending. Shared by WS0006 (the close itself) and WS0003 (a failure path that reaches it).
/// </summary>
internal static class UnboundedCloseCall
{
    /// <summary>Completes "its token …" for an unbounded close; null for any other operation.</summary>
    public static string? Explain(IOperation operation, WebSocketSymbols symbols, CancellationToken cancellationToken)
    {
        if (operation is not IInvocationOperation { TargetMethod.Name: "CloseAsync", Instance: not null } invocation
            || !invocation.TargetMethod.IsOrOverrides(symbols.CloseAsync)
            || invocation.Arguments.Length != 3
            || ThrowsBeforeSending(invocation.Arguments[0].Value)
            || SyncWait.Of(invocation).IsBounded
            || PeerCloseReply.Answers(invocation, symbols))
        {
            return null;
        }

        return NeverCancelledToken.Explain(invocation.Arguments[2].Value, cancellationToken);
    }

    /// <summary>
    /// The receiver of a close the compiler could not bind because its token's type is missing (a half-restored project
    /// without its implicit usings), when the text spells a token that is never cancelled; null otherwise.
    /// </summary>
    public static IOperation? UnboundReceiver(IInvalidOperation operation, WebSocketSymbols symbols)
    {
        if (operation.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CloseAsync" } access } invocation
            || invocation.ArgumentList.Arguments.Count != 3
            || !CloseReach.SpellsNeverCancelled(invocation.ArgumentList.Arguments[2].Expression)
            || SyncWait.Of(operation).IsBounded
            || PeerCloseReply.Answers(operation, symbols))
        {
            return null;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (child.Syntax == access.Expression && symbols.IsWebSocket(child.Type))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>
    /// A status CloseAsync rejects (below 1000, 1006, 1015) throws ArgumentException before any frame is sent, so nothing
    /// waits; WS0004 reports that call.
    /// </summary>
    private static bool ThrowsBeforeSending(IOperation status)
    {
        var constant = status.WithoutImplicitConversions() is IConversionOperation conversion
            ? conversion.Operand.ConstantValue
            : status.ConstantValue;
        return constant is { HasValue: true, Value: int code } && (code is >= 0 and <= 999 || code is 1006 or 1015);
    }
}
