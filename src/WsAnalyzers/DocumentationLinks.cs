namespace WsAnalyzers;

/// <summary>Where each rule's page lives; the tests check that every page exists in docs/rules.</summary>
public static class DocumentationLinks
{
    public const string RulesBaseUri = "https://github.com/wsanalyzers/wsanalyzers/blob/main/docs/rules/";

    public static string ForRule(string ruleId) => RulesBaseUri + ruleId + ".md";
}
