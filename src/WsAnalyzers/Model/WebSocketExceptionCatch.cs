using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>Which catch clauses receive the <c>WebSocketException</c> an abnormal closure raises.</summary>
internal static class WebSocketExceptionCatch
{
    /// <summary>True for WebSocketException and its bases (Win32Exception … Exception) and a bare catch (object).</summary>
    public static bool Takes(ICatchClauseOperation catchClause, WebSocketSymbols symbols)
    {
        return symbols.WebSocketException is { } webSocketException
            && catchClause.ExceptionType is INamedTypeSymbol caught
            && webSocketException.IsOrDerivesFrom(caught);
    }

    public static bool AnyTakes(ITryOperation tryOperation, WebSocketSymbols symbols)
    {
        foreach (var catchClause in tryOperation.Catches)
        {
            if (Takes(catchClause, symbols))
            {
                return true;
            }
        }

        return false;
    }
}
