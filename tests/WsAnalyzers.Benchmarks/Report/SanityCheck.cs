using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using WsAnalyzers.Benchmarks.Measurement;

namespace WsAnalyzers.Benchmarks.Report;

/// <summary>One rule's expected and measured diagnostic count on a corpus.</summary>
public sealed record RuleCount(string RuleId, int Expected, int Measured, bool IsLoaded)
{
    /// <summary>A rule the generator expects but no loaded analyzer supports has simply not been merged yet.</summary>
    public bool Passed => !IsLoaded || Expected == Measured;

    public string Status => !IsLoaded ? "not in this build" : Passed ? "ok" : "MISMATCH";
}

/// <summary>
/// Proof that the measured runs really analyzed the corpus: the corpus compiles without errors, no analyzer
/// of ours threw, and every rule reported exactly what the generator planted (in every timed round, so a
/// nondeterministic analyzer shows up too).
/// </summary>
public sealed record SanityCheck(
    int CompilerErrors,
    ImmutableArray<RuleCount> RuleCounts,
    ImmutableArray<string> WsAnalyzerExceptions,
    int MeziantouExceptionCount,
    int RoundsThatDisagreed)
{
    public bool Passed => CompilerErrors == 0 && WsAnalyzerExceptions.IsEmpty && RoundsThatDisagreed == 0 && RuleCounts.All(count => count.Passed);

    public static SanityCheck Evaluate(
        ImmutableSortedDictionary<string, int> expected,
        IReadOnlyCollection<string> loadedRuleIds,
        int compilerErrors,
        IReadOnlyList<AnalyzedCompilation> wsRuns,
        int meziantouExceptionCount)
    {
        var first = wsRuns[0];
        var ruleIds = new SortedSet<string>(expected.Keys, StringComparer.Ordinal);
        ruleIds.UnionWith(loadedRuleIds);
        ruleIds.UnionWith(first.DiagnosticCountsByRule.Keys);
        var counts = ruleIds
            .Select(ruleId => new RuleCount(
                ruleId,
                expected.GetValueOrDefault(ruleId),
                first.DiagnosticCountsByRule.GetValueOrDefault(ruleId),
                loadedRuleIds.Contains(ruleId) || ruleId == "AD0001"))
            .ToImmutableArray();
        var disagreeing = wsRuns.Count(run => !run.DiagnosticCountsByRule.SequenceEqual(first.DiagnosticCountsByRule));
        return new SanityCheck(
            compilerErrors,
            counts,
            wsRuns.SelectMany(run => run.AnalyzerExceptions).Distinct(StringComparer.Ordinal).ToImmutableArray(),
            meziantouExceptionCount,
            disagreeing);
    }
}
