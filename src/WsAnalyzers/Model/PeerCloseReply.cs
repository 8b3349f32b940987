using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// A close on a branch taken because the peer's close frame has arrived (<c>MessageType == Close</c>,
/// <c>State == CloseReceived</c>, a close status): it completes a handshake the peer started and does not wait for it.
/// </summary>
internal static class PeerCloseReply
{
    public static bool Answers(IOperation operation, WebSocketSymbols symbols)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (child.IsExecutionBoundary())
            {
                return false;
            }

            switch (parent)
            {
                case IConditionalOperation conditional when !ReferenceEquals(child, conditional.Condition)
                    && SocketStateCondition.Establishes(SocketFact.PeerSentClose, conditional.Condition, ReferenceEquals(child, conditional.WhenTrue), symbols):
                    return true;

                case ISwitchCaseOperation or ISwitchExpressionArmOperation
                    when SocketStateCondition.CaseEstablishes(SocketFact.PeerSentClose, parent, symbols):
                    return true;
            }
        }

        return false;
    }
}
