using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.Benchmarks.Measurement;

/// <summary>
/// The net10.0 reference assemblies from the targeting pack the SDK installs, so the benchmark needs no
/// download and compiles against exactly what a net10.0 project sees.
/// </summary>
public static class ReferenceAssemblies
{
    private const string TargetFramework = "net10.0";

    public static ImmutableArray<MetadataReference> LoadNet10()
    {
        var directory = FindReferenceDirectory();
        return Directory.EnumerateFiles(directory, "*.dll")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    public static string FindReferenceDirectory()
    {
        var packs = Path.Combine(FindDotnetRoot(), "packs", "Microsoft.NETCore.App.Ref");
        var newest = Directory.Exists(packs)
            ? Directory.EnumerateDirectories(packs)
                .Select(versionDirectory => (Directory: versionDirectory, Version: ParseVersion(Path.GetFileName(versionDirectory))))
                .Where(candidate => candidate.Version is not null && Directory.Exists(Path.Combine(candidate.Directory, "ref", TargetFramework)))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => Path.Combine(candidate.Directory, "ref", TargetFramework))
                .FirstOrDefault()
            : null;
        return newest ?? throw new DirectoryNotFoundException(
            $"No Microsoft.NETCore.App.Ref pack with ref/{TargetFramework} under '{packs}'. Install the .NET 10 SDK or set DOTNET_ROOT.");
    }

    private static string FindDotnetRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(Path.Combine(fromEnvironment, "packs")))
        {
            return fromEnvironment;
        }

        // The running shared framework lives in <root>/shared/Microsoft.NETCore.App/<version>/.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
    }

    private static Version? ParseVersion(string name)
    {
        // Preview packs are named like 10.0.0-rc.2.25502.107; the numeric part orders them well enough.
        var numeric = name.Split('-')[0];
        return Version.TryParse(numeric, out var version) ? version : null;
    }
}
