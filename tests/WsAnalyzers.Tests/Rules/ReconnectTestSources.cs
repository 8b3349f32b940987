namespace WsAnalyzers.Tests.Rules;

/// <summary>Sources the WS0002 and WS0005 tests share.</summary>
internal static class ReconnectTestSources
{
    public const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>The WsResilience helper API the WS0002 fix calls, exactly as the runtime issue names it.</summary>
    public const string WsResilienceStub = """
        namespace WsResilience
        {
            public sealed class ReconnectBackoff
            {
                public ReconnectBackoff() { }
                public System.TimeSpan NextDelay() => System.TimeSpan.FromSeconds(1);
                public bool TryGetNextDelay(out System.TimeSpan delay) { delay = NextDelay(); return true; }
                public void Reset() { }
                public int Attempt { get; }
            }
        }
        """;
}
