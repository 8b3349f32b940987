using WsAnalyzers.Benchmarks.Corpus;

namespace WsAnalyzers.Benchmarks;

/// <summary>Command-line settings shared by both entry modes (the benchmarks run in-process, so a static reaches them).</summary>
public static class BenchmarkSettings
{
    public static int FileCount { get; set; } = CorpusGenerator.DefaultFileCount;
}
