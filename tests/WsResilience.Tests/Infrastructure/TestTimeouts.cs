using System;
using System.Threading;

namespace WsResilience.Tests.Infrastructure;

/// <summary>Bounds for real-network tests: generous, so a failure fails instead of hanging.</summary>
internal static class TestTimeouts
{
    /// <summary>Upper bound for any single network step in a test.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    /// <summary>Slack allowed on top of a deadline the library promises to keep.</summary>
    public static readonly TimeSpan DeadlineMargin = TimeSpan.FromSeconds(2);

    public static CancellationTokenSource StepSource() => new(Step);
}
