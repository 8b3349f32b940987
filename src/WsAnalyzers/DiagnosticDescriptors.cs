using Microsoft.CodeAnalysis;

namespace WsAnalyzers;

/// <summary>The one place where WsAnalyzers' descriptors are declared.</summary>
internal static class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor AbortUnresponsiveWebSocket = Create(
        RuleIdentifiers.AbortUnresponsiveWebSocket,
        title: "Abort an unresponsive WebSocket instead of closing it",
        messageFormat: "'{0}' waits for the peer's close frame, but {1}; call Abort() (or CloseOrAbortAsync) instead",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        description: "CloseAsync sends a close frame and then waits for the peer to answer with its own. " +
            "A dead or unresponsive peer never answers, so the call hangs, or throws because the socket " +
            "was already aborted. Where the code already knows the connection is broken, Abort() ends it at once.");

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description)
    {
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: DocumentationLinks.ForRule(id));
    }
}
