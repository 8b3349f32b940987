namespace WsResilience.Tests.Infrastructure;

/// <summary>
/// Tests that measure the whole process (memory, handles) run alone: a test running beside them with a
/// 16 MiB payload would be counted as their leak.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
