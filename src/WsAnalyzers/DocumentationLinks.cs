using System.Linq;
using System.Reflection;

namespace WsAnalyzers;

/// <summary>Where each rule's page lives; the tests check that every page exists in docs/rules.</summary>
public static class DocumentationLinks
{
    /// <summary>
    /// The rule pages' address, set once in Directory.Build.props (WsAnalyzersRulesUrl, from RepositoryUrl) and
    /// compiled into this assembly's metadata.
    /// </summary>
    public static string RulesBaseUri { get; } =
        typeof(DocumentationLinks).Assembly.GetCustomAttributes(typeof(AssemblyMetadataAttribute), inherit: false)
            .OfType<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "WsAnalyzers.RulesBaseUri")
            .Value!;

    public static string ForRule(string ruleId) => RulesBaseUri + ruleId + ".md";
}
