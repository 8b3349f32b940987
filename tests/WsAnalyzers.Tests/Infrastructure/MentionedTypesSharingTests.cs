using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WsAnalyzers.Infrastructure;
using Xunit;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>Rules that look for the same types in a tree (WS0002 and WS0005) find them once per tree between them.</summary>
public class MentionedTypesSharingTests
{
    private const string Sources = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        class Feed
        {
            private readonly ClientWebSocket _ws = new();

            public Task OpenAsync(CancellationToken ct) => _ws.ConnectAsync(new Uri("wss://example.com/feed"), ct);
        }

        class Quote
        {
            public string Text { get; set; } = "";
        }
        """;

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public async Task The_filter_runs_once_per_type_for_rules_that_share(bool share, int filterRuns)
    {
        var host = await AnalyzerHost.CreateAsync();
        var compilation = host.Compile(("Feed.cs", Sources));
        var probe = new Probe(share ? new object() : null);

        // One rule after the other: two at once on one tree may both find the types, which costs but never misleads.
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TypeRule(probe), new TypeRule(probe)), options)
            .GetAnalyzerDiagnosticsAsync();

        Assert.Empty(diagnostics);
        Assert.Equal(filterRuns, probe.FilterRuns.Count(name => name == "Feed"));
        Assert.Equal(new[] { "Feed", "Feed" }, probe.Judged.OrderBy(name => name));
    }

    private sealed class Probe
    {
        public Probe(object? sharedBy) => SharedBy = sharedBy;

        public object? SharedBy { get; }

        public ConcurrentQueue<string> FilterRuns { get; } = new();

        public ConcurrentQueue<string> Judged { get; } = new();
    }

    // A test double, run only by this test's CompilationWithAnalyzers: no attribute, no release tracking.
#pragma warning disable RS1001, RS1036, RS2008
    private sealed class TypeRule : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Unused = new("TEST0001", "unused", "unused", "Test", DiagnosticSeverity.Hidden, true);
#pragma warning restore RS1001, RS1036, RS2008
        private readonly Probe _probe;

        public TypeRule(Probe probe) => _probe = probe;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Unused);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start => start.RegisterTypeAnalysisWhereMentioned(
                Mentions.Connect | Mentions.ConnectCall,
                type => _probe.Judged.Enqueue(type.Type.Name),
                (type, _, _) =>
                {
                    _probe.FilterRuns.Enqueue(type.Name);
                    return true;
                },
                _probe.SharedBy));
        }
    }
}
