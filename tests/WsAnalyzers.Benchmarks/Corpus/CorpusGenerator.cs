using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace WsAnalyzers.Benchmarks.Corpus;

/// <summary>
/// Generates the benchmark's code base deterministically: every file is seeded from a fixed seed and its
/// own index, so both flavours share byte-identical ordinary files and differ only in the WebSocket files.
/// </summary>
public static class CorpusGenerator
{
    public const int DefaultFileCount = 1_000;

    /// <summary>
    /// One file in 32 (3.1%) is WebSocket code in the mixed flavour: "a few percent", as in a service
    /// with one realtime feature.
    /// </summary>
    public const int WebSocketFileStride = 32;

    private const int WebSocketFileOffset = 7;
    private const int Seed = 20_251_125;

    public static GeneratedCorpus Generate(CorpusFlavour flavour, int fileCount)
    {
        if (fileCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fileCount), fileCount, "The corpus needs at least one file.");
        }

        var files = ImmutableArray.CreateBuilder<CorpusFile>(fileCount);
        var expected = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var lineCount = 0;
        var webSocketFileCount = 0;
        for (var fileIndex = 0; fileIndex < fileCount; fileIndex++)
        {
            var random = new Random(Seed + fileIndex);
            var prefix = OrdinaryCode.TypePrefix(fileIndex, random);
            var isWebSocketFile = flavour == CorpusFlavour.Mixed && fileIndex % WebSocketFileStride == WebSocketFileOffset;
            var text = new StringBuilder(8_192);
            text.AppendLine(OrdinaryCode.Usings);
            if (isWebSocketFile)
            {
                text.AppendLine(WebSocketScenarios.Usings);
            }

            var module = fileIndex.ToString("D4", CultureInfo.InvariantCulture);
            text.AppendLine().Append("namespace Corpus.Module").Append(module).AppendLine(";");
            OrdinaryCode.AppendTypes(text, prefix, random);
            if (isWebSocketFile)
            {
                var scenario = WebSocketScenarios.All[webSocketFileCount % WebSocketScenarios.All.Length];
                text.Append(scenario.Write(prefix));
                foreach (var (ruleId, count) in scenario.ExpectedDiagnostics)
                {
                    expected[ruleId] = expected.GetValueOrDefault(ruleId) + count;
                }

                webSocketFileCount++;
            }

            var source = text.ToString();
            lineCount += CountLines(source);
            files.Add(new CorpusFile($"/corpus/Module{module}/{prefix}.cs", source));
        }

        return new GeneratedCorpus(flavour, files.MoveToImmutable(), lineCount, webSocketFileCount, expected.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    private static int CountLines(string source)
    {
        var lines = 1;
        foreach (var character in source)
        {
            if (character == '\n')
            {
                lines++;
            }
        }

        return lines;
    }
}
