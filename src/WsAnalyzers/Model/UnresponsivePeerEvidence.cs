using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// What the code around an operation says about the peer: that the connection already failed
/// (a catch for the exceptions a broken connection raises) or that a heartbeat failed.
/// </summary>
internal readonly struct UnresponsivePeerEvidence
{
    private UnresponsivePeerEvidence(bool isCatch, string explanation)
    {
        IsCatch = isCatch;
        Explanation = explanation;
    }

    public bool IsCatch { get; }

    /// <summary>Completes the sentence "CloseAsync waits for the peer's close frame, but …".</summary>
    public string Explanation { get; }

    /// <summary>
    /// Walks from <paramref name="operation"/> out to the enclosing method, lambda or local function.
    /// The innermost evidence wins; code that answers the peer's own close frame never counts.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public static UnresponsivePeerEvidence? Find(IOperation operation, WebSocketSymbols symbols)
    {
        UnresponsivePeerEvidence? evidence = null;
        var guardedByOpenState = false;
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (child.IsExecutionBoundary())
            {
                break;
            }

            switch (parent)
            {
                case IConditionalOperation conditional when !ReferenceEquals(child, conditional.Condition):
                    var outcome = ReferenceEquals(child, conditional.WhenTrue);
                    if (SocketStateCondition.Establishes(SocketFact.PeerSentClose, conditional.Condition, outcome, symbols))
                    {
                        return null;
                    }

                    guardedByOpenState |= SocketStateCondition.Establishes(SocketFact.Open, conditional.Condition, outcome, symbols);

                    if (evidence is null && HeartbeatFailureCondition.SaysPeerIsUnresponsive(conditional.Condition, outcome))
                    {
                        evidence = new UnresponsivePeerEvidence(
                            isCatch: false,
                            "the heartbeat check guarding this branch says the peer is unresponsive");
                    }

                    break;

                case ISwitchCaseOperation or ISwitchExpressionArmOperation
                    when SocketStateCondition.CaseEstablishes(SocketFact.PeerSentClose, parent, symbols):
                    return null;

                // A failed socket operation leaves the socket Aborted; a close guarded by State == Open inside
                // the catch therefore runs only when the exception came from elsewhere: an ordinary shutdown.
                case ICatchClauseOperation catchClause when evidence is null && !guardedByOpenState && ReferenceEquals(child, catchClause.Handler):
                    evidence = FromCatch(catchClause, symbols);
                    break;
            }
        }

        return evidence;
    }

    /// <summary>
    /// A catch of this type can be evidence: it catches what a broken connection raises (<c>WebSocketException</c>), or a
    /// cancellation or timeout, which count when the guarded code used a WebSocket.
    /// </summary>
    public static bool MayCatchBrokenConnection(ITypeSymbol? caught, WebSocketSymbols symbols) =>
        caught.IsOrDerivesFrom(symbols.WebSocketException)
        || caught.IsOrDerivesFrom(symbols.OperationCanceledException)
        || caught.IsOrDerivesFrom(symbols.TimeoutException);

    private static UnresponsivePeerEvidence? FromCatch(ICatchClauseOperation catchClause, WebSocketSymbols symbols)
    {
        var caught = catchClause.ExceptionType;
        if (caught.IsOrDerivesFrom(symbols.WebSocketException))
        {
            return Caught(caught, symbols);
        }

        // Cancellation and timeouts also come from code that has nothing to do with the socket;
        // they count only when the guarded code used a WebSocket.
        if ((caught.IsOrDerivesFrom(symbols.OperationCanceledException) || caught.IsOrDerivesFrom(symbols.TimeoutException))
            && catchClause.Parent is ITryOperation tryOperation
            && UsesWebSocket(tryOperation.Body, symbols))
        {
            return Caught(caught, symbols);
        }

        return null;
    }

    /// <summary>
    /// What the catch says happened. A cancellation is not always a failure of the peer (the caller's own token may
    /// have been cancelled for a shutdown), but a cancelled WebSocket operation aborts the socket either way, so a
    /// graceful close after it cannot succeed.
    /// </summary>
    private static UnresponsivePeerEvidence Caught(ITypeSymbol caught, WebSocketSymbols symbols)
    {
        string reason;
        if (caught.IsOrDerivesFrom(symbols.WebSocketException))
        {
            reason = $"the connection has already failed in this catch of '{caught.Name}'";
        }
        else if (caught.IsOrDerivesFrom(symbols.OperationCanceledException))
        {
            reason = $"in this catch of '{caught.Name}' a WebSocket operation was cancelled, by a deadline, an abort or your own token, " +
                "and a cancelled WebSocket operation aborts the socket";
        }
        else
        {
            reason = $"in this catch of '{caught.Name}' the peer did not answer in time";
        }

        return new UnresponsivePeerEvidence(isCatch: true, reason);
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static bool UsesWebSocket(IOperation body, WebSocketSymbols symbols)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation.ReferencedSymbol() is not null && symbols.IsWebSocket(operation.Type))
            {
                return true;
            }
        }

        return false;
    }
}
