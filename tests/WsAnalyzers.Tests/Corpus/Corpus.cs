using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace WsAnalyzers.Tests.Corpus;

/// <summary>Source files kept as test data (not compiled into the tests), copied next to the test assembly.</summary>
public static class CorpusFiles
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static IReadOnlyList<(string Name, string Text)> Read(string folder) =>
        Directory.GetFiles(Path.Combine(Root, folder), "*.cs")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllText(path)))
            .ToList();
}
