using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.Rules;

/// <summary>
/// WS0002: a reconnect loop, recursive reconnect, timer, drop handler or overridden drop hook whose wait between
/// attempts is missing, fixed, growing without jitter, or jittered without growth.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReconnectWithoutBackoffAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The .editorconfig key listing users' own backoff helpers, whose use silences the rule.</summary>
    public const string BackoffMethodsOption = "ws_analyzers.backoff_methods";

    public const string DelayProperty = "Delay";
    public const string PathProperty = "Path";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ReconnectWithoutBackoff);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        ReconnectPaths.Register(context, AnalyzeType);
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static void AnalyzeType(MentionedTypeContext context, ReconnectPaths type)
    {
        var reportedLoops = new HashSet<SyntaxNode>();
        foreach (var path in type.Find())
        {
            // One diagnostic per loop: a loop that connects in two places needs one backoff.
            if (path.Loop is not null && !reportedLoops.Add(path.Loop.Syntax))
            {
                continue;
            }

            var backoffMethods = ConfiguredMethodList.Read(context.Options, path.ConnectStep.Syntax.SyntaxTree, BackoffMethodsOption);
            var source = ReconnectDelay.Classify(type, path, backoffMethods, out var delay).Source;
            if (DescribeDelay(delay, source) is not { } delayText)
            {
                continue;
            }

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DelayProperty, delay.ToString())
                .Add(PathProperty, path.Kind.ToString());

            // The fix rewrites the loop: it travels as the additional location.
            var additionalLocations = path.Loop is null
                ? null
                : new[] { path.Loop.Syntax.GetLocation() };

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ReconnectWithoutBackoff,
                ReconnectPath.CallSyntax(path.ConnectStep).GetLocation(),
                additionalLocations,
                properties,
                path.ConnectName,
                DescribePhase(ReconnectPhases.Of(type, path)) + DescribePath(path),
                delayText));
        }
    }

    /// <summary>
    /// The retry of a failed connect and the reconnect after a drop are judged apart: the message says which one this
    /// path repeats. A loop that leaves once connected serves the first connect and, in real clients, every reconnect
    /// that follows (a connect-until-it-works helper), so its words say what it does, not when it runs.
    /// </summary>
    private static string DescribePhase(ReconnectPhase phase)
    {
        return phase switch
        {
            ReconnectPhase.FirstConnect => "until it connects ",
            ReconnectPhase.AfterDrop => "after a drop ",
            _ => string.Empty,
        };
    }

    private static string DescribePath(ReconnectPath path)
    {
        if (path.Description is { } description)
        {
            return description;
        }

        switch (path.Kind)
        {
            case ReconnectPathKind.Recursion:
                return $"by '{path.ThroughMethod?.Name}' calling itself";
            case ReconnectPathKind.Cycle:
                return $"by '{path.ThroughMethod?.Name}', which '{path.Connect.TargetMethod.Name}' calls again";
            case ReconnectPathKind.Timer:
                return "by the timer it starts";
            case ReconnectPathKind.PeriodicTimer:
                return path.ThroughMethod is { } ticked ? $"through '{ticked.Name}' in this PeriodicTimer loop" : "in this PeriodicTimer loop";
        }

        return path.ThroughMethod is { } through ? $"through '{through.Name}' in this loop" : "in this loop";
    }

    private static string? DescribeDelay(ReconnectDelayKind delay, string? source)
    {
        return (delay, source) switch
        {
            (ReconnectDelayKind.None, _) => "without any delay between attempts",
            (ReconnectDelayKind.NoneSeen, _) => $"with no delay the analyzer can see (if your own method paces the attempts, list it in '{BackoffMethodsOption}')",
            (ReconnectDelayKind.Fixed, null) => "after a fixed delay",
            (ReconnectDelayKind.Fixed, _) => $"after the delay from '{source}', which is fixed",
            (ReconnectDelayKind.NoJitter, null) => "after a delay that grows but has no random jitter",
            (ReconnectDelayKind.NoJitter, _) => $"after the delay from '{source}', which grows but has no random jitter",
            (ReconnectDelayKind.NoGrowth, null) => "after a random delay that never grows",
            (ReconnectDelayKind.NoGrowth, _) => $"after the delay from '{source}', which is random but never grows",
            _ => null,
        };
    }
}
