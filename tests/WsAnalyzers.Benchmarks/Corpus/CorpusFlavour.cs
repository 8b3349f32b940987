namespace WsAnalyzers.Benchmarks.Corpus;

/// <summary>The two kinds of code the goals are stated for.</summary>
public enum CorpusFlavour
{
    /// <summary>Ordinary application code that never touches System.Net.WebSockets.</summary>
    WebSocketFree,

    /// <summary>The same ordinary code with about 3% of the files replaced by WebSocket clients and servers.</summary>
    Mixed,
}
