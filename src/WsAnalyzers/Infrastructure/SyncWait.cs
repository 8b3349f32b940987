using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// How the caller waits for a task synchronously: <c>.Wait()</c>, <c>.Result</c>, <c>.GetAwaiter().GetResult()</c>
/// (with or without <c>ConfigureAwait</c>) block until it ends; <c>.Wait(timeout)</c> blocks at most that long.
/// </summary>
internal readonly struct SyncWait
{
    private SyncWait(bool blocks, bool isBounded)
    {
        Blocks = blocks;
        IsBounded = isBounded;
    }

    public bool Blocks { get; }

    /// <summary>The wait gives up after a time limit of its own.</summary>
    public bool IsBounded { get; }

    public static SyncWait Of(IOperation task)
    {
        var current = task;
        if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && ReferenceEquals(configured.Instance, current))
        {
            current = configured;
        }

        switch (current.Parent)
        {
            case IInvocationOperation { TargetMethod.Name: "Wait" } wait when ReferenceEquals(wait.Instance, current):
                return new SyncWait(blocks: true, isBounded: HasTimeLimit(wait));

            case IPropertyReferenceOperation { Property.Name: "Result" } result when ReferenceEquals(result.Instance, current):
                return new SyncWait(blocks: true, isBounded: false);

            case IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter when ReferenceEquals(awaiter.Instance, current)
                && awaiter.Parent is IInvocationOperation { TargetMethod.Name: "GetResult" }:
                return new SyncWait(blocks: true, isBounded: false);

            default:
                return default;
        }
    }

    private static bool HasTimeLimit(IInvocationOperation wait)
    {
        foreach (var argument in wait.Arguments)
        {
            if (argument.Value.Type is { Name: "Int32" or "TimeSpan" } && !argument.Value.IsIntegerConstant(-1))
            {
                return true;
            }
        }

        return false;
    }
}
