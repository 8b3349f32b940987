using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.Rules;

/// <summary>
/// WS0001: a WebSocket that cannot notice a peer which vanished without a close frame. Reports keep-alive
/// turned off on any target; where <c>KeepAliveTimeout</c> exists, a <c>ClientWebSocket</c>,
/// <c>CreateFromStream</c> or <c>UseWebSockets</c> that never sets it; before it exists, a socket whose
/// owning type shows no dead-peer detection at all.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingDeadPeerDetectionAnalyzer : DiagnosticAnalyzer
{
    public const string HeartbeatMethodsOption = "ws_analyzers.heartbeat_methods";

    /// <summary>Tells the fixer which case it is looking at; one of the <c>*Case</c> values.</summary>
    public const string CaseProperty = "Case";

    /// <summary>A keep-alive interval set to a value that turns it off.</summary>
    public const string KeepAliveOffCase = "KeepAliveOff";

    /// <summary>Settings the fix can complete: add the interval (when absent) and the timeout (when it exists).</summary>
    public const string MissingSettingsCase = "MissingSettings";

    /// <summary>A ClientWebSocket on a target without KeepAliveTimeout and no visible detection.</summary>
    public const string NoDetectionCase = "NoDetection";

    /// <summary>"True" when the settings object has a KeepAliveTimeout the fix can set as well.</summary>
    public const string TimeoutAvailableProperty = "TimeoutAvailable";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MissingDeadPeerDetection);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartWhereSpelled(Mentions.KeepAliveSetup, RegisterActions);
    }

    private static void RegisterActions(CompilationStartAnalysisContext start)
    {
        var compilation = start.Compilation;
        var symbols = KeepAliveSymbols.OnFirstUse(compilation);
        var heartbeatMethods = new HeartbeatMethodOption(start.Options);
        var handoffs = new Lazy<SocketHandoffs?>(() => symbols.Value is { } keepAlive ? new SocketHandoffs(compilation, keepAlive) : null);
        var holders = new Lazy<WatchingHolders>(() => new WatchingHolders(compilation));
        start.RegisterTypeAnalysisWhereMentioned(
            Mentions.KeepAliveSetup,
            type =>
            {
                if (symbols.Value is { } keepAlive && handoffs.Value is { } socketHandoffs)
                {
                    new DeadPeerDetectionScope(type.Type, keepAlive, heartbeatMethods, socketHandoffs, holders.Value).Analyze(type);
                }
            },
            (type, semanticModel, cancellationToken) => KeepAliveCandidates.For(compilation).MayConfigureSocket(type, semanticModel, cancellationToken));
    }

    /// <summary>The <c>ws_analyzers.heartbeat_methods</c> list, read once per syntax tree.</summary>
    internal sealed class HeartbeatMethodOption
    {
        private readonly AnalyzerOptions _options;
        private readonly ConcurrentDictionary<SyntaxTree, ConfiguredMethodList> _byTree = new();
        private readonly System.Func<SyntaxTree, ConfiguredMethodList> _read;

        public HeartbeatMethodOption(AnalyzerOptions options)
        {
            _options = options;
            _read = tree => ConfiguredMethodList.Read(_options, tree, HeartbeatMethodsOption);
        }

        public ConfiguredMethodList For(SyntaxTree tree) => _byTree.GetOrAdd(tree, _read);
    }
}
