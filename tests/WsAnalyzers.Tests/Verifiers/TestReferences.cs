using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace WsAnalyzers.Tests.Verifiers;

/// <summary>
/// The frameworks the rules are checked against. .NET 8 lacks <c>KeepAliveTimeout</c>; .NET 9 has it.
/// The reference packs' versions are set once, in the test project, whose restore downloads them.
/// </summary>
public static class TestReferences
{
    public static ReferenceAssemblies Net80 { get; } = new ReferenceAssemblies(
        "net8.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", PackVersion("TestNet80RefVersion")),
        Path.Combine("ref", "net8.0"));

    public static ReferenceAssemblies Net90 { get; } = new ReferenceAssemblies(
        "net9.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", PackVersion("TestNet90RefVersion")),
        Path.Combine("ref", "net9.0"));

    public static ReferenceAssemblies Net90WithAspNetCore { get; } =
        Net90.AddPackages(ImmutableArray.Create(new PackageIdentity("Microsoft.AspNetCore.App.Ref", PackVersion("TestNet90RefVersion"))));

    /// <summary>The WsResilience assembly the tests were built with (its net9.0 build).</summary>
    public static MetadataReference WsResilience { get; } =
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "WsResilience.dll"));

    /// <summary>The WsResilience.AspNetCore assembly the tests were built with (its net9.0 build): the tracked accept WS0007's fix inserts.</summary>
    public static MetadataReference WsResilienceAspNetCore { get; } =
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "WsResilience.AspNetCore.dll"));

    /// <summary>The net8.0 build of WsResilience, whose heartbeat cannot rely on KeepAliveTimeout.</summary>
    public static MetadataReference WsResilienceNet8 { get; } =
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "wsresilience-net8", "WsResilience.dll"));

    /// <summary>The WsResilience build a project targeting <paramref name="framework"/> would get from the package.</summary>
    public static MetadataReference WsResilienceFor(TargetFramework framework) =>
        framework == TargetFramework.Net80 ? WsResilienceNet8 : WsResilience;

    private static string PackVersion(string key) =>
        typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no AssemblyMetadata '{key}'; see WsAnalyzers.Tests.csproj.");
}

/// <summary>Which frameworks a test runs against, for <c>[Theory]</c> data.</summary>
public enum TargetFramework
{
    Net80,
    Net90,
}

public static class TargetFrameworkExtensions
{
    public static ReferenceAssemblies ReferenceAssemblies(this TargetFramework framework) => framework switch
    {
        TargetFramework.Net80 => TestReferences.Net80,
        TargetFramework.Net90 => TestReferences.Net90,
        _ => throw new ArgumentOutOfRangeException(nameof(framework), framework, "Unknown target framework."),
    };
}
