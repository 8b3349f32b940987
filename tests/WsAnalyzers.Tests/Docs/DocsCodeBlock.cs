using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace WsAnalyzers.Tests.Docs;

/// <summary>What the <c>&lt;!-- ws-docs: ... --&gt;</c> line right before a C# block says about it.</summary>
public enum DocsBlockKind
{
    /// <summary>No marker, or one the test cannot read: always a failure.</summary>
    Unmarked,

    /// <summary><c>ws-docs: clean</c>: compiles and produces no WS diagnostic.</summary>
    Clean,

    /// <summary><c>ws-docs: WS0003 WS0003</c>: compiles and produces exactly these diagnostics, each as often as listed.</summary>
    Flagged,

    /// <summary><c>ws-docs: skip (reason)</c>: a fragment or configuration, not compiled.</summary>
    Skipped,
}

/// <summary>
/// A C# code block of a Markdown file in the repository, with the marker that says what the rules must
/// report on it. Blocks are complete files (top-level statements allowed), compiled with the implicit
/// usings of an SDK project.
/// </summary>
public sealed partial record DocsCodeBlock(string File, int Line, DocsBlockKind Kind, ImmutableArray<string> ExpectedIds, string Marker, string Code)
{
    private static readonly string[] CSharpLanguages = ["csharp", "cs", "c#"];

    /// <summary>"docs/rules/WS0003.md:156", the line of the opening fence.</summary>
    public string Location => $"{File}:{Line}";

    /// <summary>Every Markdown file of the repository, outside build output and hidden folders.</summary>
    public static IEnumerable<string> MarkdownFiles(string repositoryRoot) =>
        Directory.EnumerateFiles(repositoryRoot, "*.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(repositoryRoot, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj" or "artifacts" || part.StartsWith('.')))
            .OrderBy(path => path, StringComparer.Ordinal);

    public static IEnumerable<DocsCodeBlock> Read(string repositoryRoot, string relativePath)
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(repositoryRoot, relativePath));
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                continue;
            }

            var indent = fence.Groups["indent"].Value.Length;
            var end = i + 1;
            while (end < lines.Length && !ClosingFence().IsMatch(lines[end]))
            {
                end++;
            }

            if (CSharpLanguages.Contains(fence.Groups["language"].Value.ToLowerInvariant()))
            {
                var code = string.Join("\n", lines[(i + 1)..end].Select(line => line.Length >= indent && string.IsNullOrWhiteSpace(line[..indent]) ? line[indent..] : line.TrimStart()));
                var marker = i > 0 ? lines[i - 1].Trim() : "";
                var (kind, ids) = ParseMarker(marker);
                yield return new DocsCodeBlock(relativePath, i + 1, kind, ids, marker, code);
            }

            i = end;
        }
    }

    private static (DocsBlockKind Kind, ImmutableArray<string> Ids) ParseMarker(string line)
    {
        var marker = MarkerComment().Match(line);
        if (!marker.Success)
        {
            return (DocsBlockKind.Unmarked, []);
        }

        var content = marker.Groups["content"].Value.Trim();
        if (content == "clean")
        {
            return (DocsBlockKind.Clean, []);
        }

        if (SkipWithReason().IsMatch(content))
        {
            return (DocsBlockKind.Skipped, []);
        }

        var ids = content.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return ids.Length > 0 && ids.All(id => RuleId().IsMatch(id))
            ? (DocsBlockKind.Flagged, ids.Order(StringComparer.Ordinal).ToImmutableArray())
            : (DocsBlockKind.Unmarked, []);
    }

    [GeneratedRegex(@"^(?<indent>\s*)```(?<language>[^\s`]*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*```\s*$")]
    private static partial Regex ClosingFence();

    [GeneratedRegex(@"^<!--\s*ws-docs:(?<content>.*?)-->$")]
    private static partial Regex MarkerComment();

    [GeneratedRegex(@"^skip\s*\(\s*[^)\s][^)]*\)$")]
    private static partial Regex SkipWithReason();

    [GeneratedRegex(@"^WS\d{4}$")]
    private static partial Regex RuleId();
}
