using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;
using WsAnalyzers.Rules;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// The searches that run a few times per compilation and loop over its code are compiled fully optimized on their first
/// call: under tiered compilation they ran unoptimized, and were compiled again mid-loop, on the analysis's time.
/// </summary>
public class JitHintsTests
{
    [Fact]
    public void The_hint_is_the_runtimes_aggressive_optimization()
    {
        Assert.Equal(MethodImplOptions.AggressiveOptimization, JitHints.OptimizeAtOnce);
    }

    [Theory]
    [InlineData(typeof(ReconnectPaths), "FindAll")]
    [InlineData(typeof(ReconnectCandidates), "Search")]
    [InlineData(typeof(ConnectMethods), "Depth")]
    [InlineData(typeof(MemberCalls), "Collect")]
    [InlineData(typeof(SourceCode), "MembersNamed")]
    [InlineData(typeof(DeclarationIndex), "Find")]
    [InlineData(typeof(WatchingHolders), "HasWatchdog")]
    [InlineData(typeof(DeadPeerDetectionScope), "Analyze")]
    public void The_searches_are_compiled_optimized_at_once(Type type, string name)
    {
        var methods = MethodsNamed(type, name);

        Assert.NotEmpty(methods);
        Assert.Contains(methods, m => m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization));
    }

    /// <summary>
    /// The gate runs once per compilation in every project, most of them without WebSocket code, often in a new
    /// compiler process: compiling it fully optimized costs more there than running it unoptimized once.
    /// </summary>
    [Theory]
    [InlineData(typeof(SourceMentions), "InCompilation")]
    [InlineData(typeof(SourceMentions), "RegisterOperationWalkWhereMentioned")]
    [InlineData(typeof(SourceMentions), "RegisterCompilationStartWhereSpelled")]
    [InlineData(typeof(MentionScanner), "Scan")]
    public void The_per_compilation_gate_is_left_to_tiered_compilation(Type type, string name)
    {
        var methods = MethodsNamed(type, name);

        Assert.NotEmpty(methods);
        Assert.DoesNotContain(methods, m => m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization));
    }

    private static MethodInfo[] MethodsNamed(Type type, string name) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == name)
            .ToArray();
}
