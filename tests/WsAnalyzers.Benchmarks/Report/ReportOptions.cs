using WsAnalyzers.Benchmarks.Corpus;

namespace WsAnalyzers.Benchmarks.Report;

/// <summary>How big the corpus is and how many rounds the direct measurement runs.</summary>
public sealed record ReportOptions
{
    public int FileCount { get; init; } = CorpusGenerator.DefaultFileCount;

    /// <summary>Rounds thrown away first: JIT, tiered compilation and Roslyn's caches settle in these.</summary>
    public int WarmupRuns { get; init; } = 1;

    public int TimedRuns { get; init; } = 3;

    /// <summary>
    /// True (the default): parse, bind and analyze on all cores, as csc does. False runs one thread at a time; it
    /// measures the same work, but the driver's own thread still runs beside the compiler's, so on this machine it
    /// was not steadier.
    /// </summary>
    public bool Concurrent { get; init; } = true;

    /// <summary>
    /// Real-code mode: parse the files again for every analyzed run, as every build does. False (the default) reuses one
    /// parse for every round, as <c>../shared/realcode/perf</c> does; then whatever an analyzer keeps per syntax tree
    /// (WsAnalyzers' scan of each file's text) is computed in the warm-up and never timed.
    /// </summary>
    public bool FreshTrees { get; init; }
}
