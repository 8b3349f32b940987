namespace WsAnalyzers;

internal static class RuleCategories
{
    public const string Reliability = "Reliability";
}
