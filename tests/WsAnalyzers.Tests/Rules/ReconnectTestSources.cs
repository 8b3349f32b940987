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
}
