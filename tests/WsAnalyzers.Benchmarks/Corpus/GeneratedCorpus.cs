using System.Collections.Immutable;

namespace WsAnalyzers.Benchmarks.Corpus;

/// <summary>One generated source file, with the path it is parsed under.</summary>
public sealed record CorpusFile(string Path, string Text);

/// <summary>
/// A generated code base and what WsAnalyzers must report on it: the generator knows which anti-patterns
/// it emitted, so the expected diagnostic count per rule is exact rather than a snapshot.
/// </summary>
public sealed record GeneratedCorpus(
    CorpusFlavour Flavour,
    ImmutableArray<CorpusFile> Files,
    int LineCount,
    int WebSocketFileCount,
    ImmutableSortedDictionary<string, int> ExpectedDiagnosticsByRule);
