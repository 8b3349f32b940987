using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Infrastructure;

namespace WsAnalyzers.Tests.Rules;

/// <summary>
/// WS0002 and WS0005 judge the same reconnect paths, found once per type for both: whichever rule runs first, each
/// reports what it reports alone, and WS0005 never judges a drop handler's path, which only WS0002 follows.
/// </summary>
public class ReconnectRulesTogetherTests
{
    private const string Ticker = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Ticker
        {
            private readonly Uri _uri;
            private readonly ClientWebSocket _socket = new();

            public Ticker(Uri uri) => _uri = uri;

            public event EventHandler? Closed;

            public async Task StartAsync(CancellationToken ct)
            {
                Closed += OnClosed;
                while (!ct.IsCancellationRequested)
                {
                    try
                    {
                        await _socket.ConnectAsync(_uri, ct);
                        return;
                    }
                    catch (WebSocketException)
                    {
                    }
                }
            }

            public void OnPeerGone() => Closed?.Invoke(this, EventArgs.Empty);

            private async void OnClosed(object? sender, EventArgs e)
            {
                await _socket.ConnectAsync(_uri, CancellationToken.None);
            }
        }
        """;

    [Fact]
    public async Task Each_reconnect_rule_reports_alone_what_it_reports_beside_the_other_whichever_runs_first()
    {
        var host = await AnalyzerHost.CreateAsync();
        DiagnosticAnalyzer backoff = new ReconnectWithoutBackoffAnalyzer(), reuse = new ClientWebSocketReusedAnalyzer();

        var backoffAlone = await FindingsAsync(host, backoff);
        var reuseAlone = await FindingsAsync(host, reuse);
        var reuseFirst = await FindingsAsync(host, reuse, backoff);
        var backoffFirst = await FindingsAsync(host, backoff, reuse);

        // The loop's connect and the handler's for WS0002; only the loop's for WS0005 (line 22: the loop, 35: the handler).
        Assert.Equal(new[] { "WS0002@22", "WS0002@35" }, backoffAlone);
        Assert.Equal(new[] { "WS0005@22" }, reuseAlone);
        Assert.Equal(backoffAlone.Concat(reuseAlone).OrderBy(f => f), reuseFirst);
        Assert.Equal(reuseFirst, backoffFirst);
    }

    private static async Task<string[]> FindingsAsync(AnalyzerHost host, params DiagnosticAnalyzer[] analyzers)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await host.Compile(("Ticker.cs", Ticker)).WithAnalyzers(analyzers.ToImmutableArray(), options).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Select(d => $"{d.Id}@{d.Location.GetLineSpan().StartLinePosition.Line + 1}").OrderBy(f => f).ToArray();
    }
}
