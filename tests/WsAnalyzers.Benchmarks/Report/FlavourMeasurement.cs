using System.Collections.Immutable;
using WsAnalyzers.Benchmarks.Corpus;

namespace WsAnalyzers.Benchmarks.Report;

/// <summary>Medians of the timed rounds on one corpus flavour.</summary>
public sealed record FlavourMeasurement(
    GeneratedCorpus Corpus,
    Timing Compile,
    Timing EmptyAnalyzer,
    Timing OperationFloor,
    Timing WsAnalyzers,
    Timing Meziantou,
    ImmutableArray<AnalyzerCost> WsAnalyzerCosts,
    ImmutableArray<AnalyzerCost> MeziantouCosts,
    SanityCheck Sanity,
    ImmutableArray<double> CpuPercentAboveFloorPerRound)
{
    public static double Percent(double part, double whole) => whole <= 0 ? 0 : 100 * part / whole;
}

/// <summary>
/// Median wall-clock and CPU time of one configuration. CPU time (all threads of this process) is the work
/// done; on a 2-core machine shared with other jobs it is far steadier than wall-clock time, which also
/// measures how the scheduler treated us.
/// </summary>
public sealed record Timing(double WallMilliseconds, double CpuMilliseconds)
{
    public double WallPercentOver(Timing baseline) => FlavourMeasurement.Percent(WallMilliseconds - baseline.WallMilliseconds, baseline.WallMilliseconds);

    public double CpuPercentOver(Timing baseline) => FlavourMeasurement.Percent(CpuMilliseconds - baseline.CpuMilliseconds, baseline.CpuMilliseconds);

    /// <summary>This configuration's extra cost above <paramref name="floor"/>, relative to <paramref name="compile"/>.</summary>
    public double CpuPercentAbove(Timing floor, Timing compile) => FlavourMeasurement.Percent(CpuMilliseconds - floor.CpuMilliseconds, compile.CpuMilliseconds);

    public double WallPercentAbove(Timing floor, Timing compile) => FlavourMeasurement.Percent(WallMilliseconds - floor.WallMilliseconds, compile.WallMilliseconds);
}

/// <summary>
/// One analyzer's median time inside its callbacks. <see cref="RunsByDefault"/> is false for analyzers whose
/// every rule is disabled by default: the driver never calls them.
/// </summary>
public sealed record AnalyzerCost(string Name, string RuleIds, double Milliseconds, bool RunsByDefault);
