namespace WsAnalyzers;

internal static class RuleCategories
{
    /// <summary>
    /// Our own category, so that <c>dotnet_analyzer_diagnostic.category-WebSockets.severity</c> sets every WS rule
    /// and nothing else ("Reliability" is also the category of the SDK's CA rules).
    /// </summary>
    public const string WebSockets = "WebSockets";
}
