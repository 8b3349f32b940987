using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WsAnalyzers.Tests.Infrastructure;

namespace WsAnalyzers.Tests.Docs;

/// <summary>
/// Every C# block in the repository's Markdown is checked against the rules, the way IDisposableAnalyzers
/// tests its docs: a block marked with rule IDs must produce exactly those diagnostics, a block marked
/// clean must produce none, and a block without a marker fails. The marker is the line right before the
/// fence: <c>&lt;!-- ws-docs: WS0003 --&gt;</c> (list an ID once per expected diagnostic),
/// <c>&lt;!-- ws-docs: clean --&gt;</c>, or <c>&lt;!-- ws-docs: skip (why) --&gt;</c> for fragments.
/// </summary>
public class DocsCodeBlockTests
{
    // What `<ImplicitUsings>enable</ImplicitUsings>` gives a Microsoft.NET.Sdk project: the docs' blocks
    // compile as a user's file would, and spell out every other using.
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    public static TheoryData<string> CompiledBlocks()
    {
        var data = new TheoryData<string>();
        foreach (var block in AllBlocks().Where(b => b.Kind is DocsBlockKind.Clean or DocsBlockKind.Flagged))
        {
            data.Add(block.Location);
        }

        return data;
    }

    [Fact]
    public void Every_CSharp_block_in_the_docs_says_what_the_rules_report_on_it()
    {
        var blocks = AllBlocks().ToList();
        Assert.True(blocks.Count >= 20, $"Only {blocks.Count} C# blocks found under {RepositoryRoot.Value}.");
        var unmarked = blocks.Where(b => b.Kind == DocsBlockKind.Unmarked)
            .Select(b => $"{b.Location}: the line before the fence is '{b.Marker}', not <!-- ws-docs: WS0001 --> / clean / skip (reason)")
            .ToList();
        Assert.True(unmarked.Count == 0, string.Join(Environment.NewLine, unmarked));
    }

    [Fact]
    public void Every_rule_page_shows_its_rule_firing_and_code_it_accepts()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Value, "docs", "rules"), "WS*.md")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(pages);
        var missing = new List<string>();
        foreach (var id in pages)
        {
            var blocks = DocsCodeBlock.Read(RepositoryRoot.Value, $"docs/rules/{id}.md").ToList();
            if (!blocks.Any(b => b.Kind == DocsBlockKind.Flagged && b.ExpectedIds.Contains(id)))
            {
                missing.Add($"docs/rules/{id}.md has no block marked <!-- ws-docs: {id} -->");
            }

            if (!blocks.Any(b => b.Kind == DocsBlockKind.Clean))
            {
                missing.Add($"docs/rules/{id}.md has no block marked <!-- ws-docs: clean -->");
            }
        }

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Theory]
    [MemberData(nameof(CompiledBlocks))]
    public async Task The_rules_report_exactly_what_the_block_is_marked_with(string location)
    {
        var block = AllBlocks().Single(b => b.Location == location);
        var usesWsResilience = block.Code.Contains("using WsResilience;", StringComparison.Ordinal);
        var host = await AnalyzerHost.CreateAsync(withWsResilience: usesWsResilience);
        var tree = CSharpSyntaxTree.ParseText(block.Code, path: block.File);
        var outputKind = tree.GetCompilationUnitRoot().Members.Any(m => m.IsKind(SyntaxKind.GlobalStatement))
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;
        var compilation = host.Compile(outputKind, ("GlobalUsings.g.cs", ImplicitUsings), (block.File, block.Code));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(errors.Count == 0, $"{location} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");

        var failures = new ConcurrentQueue<string>();
        var diagnostics = await AnalyzerHost.AnalyzeAsync(compilation, failures);
        Assert.Empty(failures);
        var reported = diagnostics.Where(d => d.Id.StartsWith("WS", StringComparison.Ordinal))
            .OrderBy(d => d.Id, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)
            .ToList();
        Assert.True(
            reported.Select(d => d.Id).SequenceEqual(block.ExpectedIds),
            $"{location} is marked '{block.Marker}' but the rules report {reported.Count} diagnostic(s):{Environment.NewLine}"
                + string.Join(Environment.NewLine, reported.Select(d => $"  line {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")));
    }

    private static IEnumerable<DocsCodeBlock> AllBlocks() =>
        DocsCodeBlock.MarkdownFiles(RepositoryRoot.Value).SelectMany(file => DocsCodeBlock.Read(RepositoryRoot.Value, file));

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WsAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No WsAnalyzers.sln above {AppContext.BaseDirectory}: the docs test reads the repository's Markdown.");
    }
}
