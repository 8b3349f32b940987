using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// Keeps the rule catalogue honest: every descriptor has its page, its release-tracking entry, a help
/// link that points at that page, and no page or ID exists without a rule.
/// </summary>
public class RuleCatalogTests
{
    private static readonly string DocsFolder = Path.Combine(AppContext.BaseDirectory, "docs", "rules");
    private static readonly string UnshippedFile = Path.Combine(AppContext.BaseDirectory, "releases", "AnalyzerReleases.Unshipped.md");

    private static DiagnosticDescriptor Descriptor(string id) => AllAnalyzers.Descriptors.Single(d => d.Id == id);

    [Theory]
    [MemberData(nameof(AllAnalyzers.DescriptorIds), MemberType = typeof(AllAnalyzers))]
    public void Every_rule_has_a_documentation_page_titled_with_its_id(string id)
    {
        var page = Path.Combine(DocsFolder, id + ".md");
        Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing.");
        var title = File.ReadLines(page).First();
        Assert.StartsWith($"# {id}: ", title, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllAnalyzers.DescriptorIds), MemberType = typeof(AllAnalyzers))]
    public void Every_rule_links_to_its_page(string id)
    {
        Assert.Equal(DocumentationLinks.RulesBaseUri + id + ".md", Descriptor(id).HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(AllAnalyzers.DescriptorIds), MemberType = typeof(AllAnalyzers))]
    public void Every_page_states_the_category_and_default_severity_of_its_rule(string id)
    {
        var descriptor = Descriptor(id);
        var text = File.ReadAllText(Path.Combine(DocsFolder, id + ".md"));
        Assert.Contains($"| **Category** | {descriptor.Category} |", text, StringComparison.Ordinal);
        Assert.Contains($"| **Default severity** | {descriptor.DefaultSeverity} |", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllAnalyzers.DescriptorIds), MemberType = typeof(AllAnalyzers))]
    public void Every_rule_is_tracked_in_the_unshipped_release(string id)
    {
        var descriptor = Descriptor(id);
        var row = File.ReadLines(UnshippedFile).SingleOrDefault(line => line.StartsWith(id + " ", StringComparison.Ordinal));
        Assert.NotNull(row);
        var cells = row!.Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal(descriptor.Category, cells[1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[2]);
    }

    [Fact]
    public void Every_page_belongs_to_a_rule()
    {
        var ids = AllAnalyzers.Descriptors.Select(d => d.Id).ToHashSet();
        var orphans = Directory.GetFiles(DocsFolder, "*.md").Select(Path.GetFileNameWithoutExtension).Where(name => !ids.Contains(name!));
        Assert.Empty(orphans);
    }

    [Fact]
    public void Every_rule_identifier_constant_is_reported_by_some_analyzer()
    {
        var reported = AllAnalyzers.Descriptors.Select(d => d.Id).ToHashSet();
        var constants = typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.Equal(constants.Count, constants.Distinct().Count());
        Assert.All(constants, id => Assert.Contains(id, reported));
    }

    [Fact]
    public void Rules_are_enabled_warnings_so_that_command_line_builds_show_them()
    {
        Assert.All(AllAnalyzers.Descriptors, d =>
        {
            Assert.True(d.IsEnabledByDefault, d.Id);
            Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
            Assert.Matches("^WS[0-9]{4}$", d.Id);
        });
    }

    [Fact]
    public void Every_code_fix_has_a_fix_all_provider_and_fixes_only_known_rules()
    {
        var ids = AllAnalyzers.Descriptors.Select(d => d.Id).ToHashSet();
        Assert.NotEmpty(AllAnalyzers.CodeFixes);
        Assert.All(AllAnalyzers.CodeFixes, fix =>
        {
            Assert.NotNull(fix.GetFixAllProvider());
            Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(id, ids));
        });
    }
}
