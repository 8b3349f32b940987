using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WsAnalyzers.Benchmarks.Analyzers;

/// <summary>The analyzer sets the benchmark compares, each created fresh so no state leaks between runs.</summary>
public static class AnalyzerSets
{
    /// <summary>Where the project copies the comparison package's analyzer DLL (see the csproj).</summary>
    public static readonly string MeziantouAssemblyPath =
        Path.Combine(AppContext.BaseDirectory, "ComparisonAnalyzers", "Meziantou.Analyzer.dll");

    private static readonly Lazy<Assembly> s_meziantouAssembly = new(() => Assembly.LoadFrom(MeziantouAssemblyPath));

    /// <summary>
    /// Every concrete analyzer in the WsAnalyzers assembly, found by reflection so that a rule merged
    /// tomorrow is measured without anyone touching the benchmark.
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreateWsAnalyzers() => CreateAll(typeof(RuleIdentifiers).Assembly);

    public static ImmutableArray<DiagnosticAnalyzer> CreateEmptyAnalyzer() => ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());

    /// <summary>As many <see cref="PerFileNoopAnalyzer"/>s as WsAnalyzers has analyzers.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreatePerFileNoopAnalyzers(int count) =>
        Enumerable.Range(0, count).Select(_ => (DiagnosticAnalyzer)new PerFileNoopAnalyzer()).ToImmutableArray();

    public static ImmutableArray<DiagnosticAnalyzer> CreateOperationFloorAnalyzer() => ImmutableArray.Create<DiagnosticAnalyzer>(new OperationFloorAnalyzer());

    /// <summary>
    /// Meziantou.Analyzer's C# analyzers, loaded from the package's roslyn4.8 build into this process, where
    /// its Microsoft.CodeAnalysis reference binds to the one the benchmark uses.
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreateMeziantouAnalyzers()
    {
        if (!File.Exists(MeziantouAssemblyPath))
        {
            throw new FileNotFoundException("The comparison analyzer was not copied next to the benchmark; build the project again.", MeziantouAssemblyPath);
        }

        return CreateAll(s_meziantouAssembly.Value)
            .Where(analyzer => analyzer.GetType().GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(attribute => attribute.Languages.Contains(LanguageNames.CSharp)))
            .ToImmutableArray();
    }

    /// <summary>
    /// True when the driver actually runs the analyzer with default settings: it skips analyzers whose
    /// every rule is disabled by default, and those would pull a per-analyzer median towards zero.
    /// </summary>
    public static bool RunsByDefault(DiagnosticAnalyzer analyzer) => analyzer.SupportedDiagnostics.Any(descriptor => descriptor.IsEnabledByDefault);

    private static ImmutableArray<DiagnosticAnalyzer> CreateAll(Assembly assembly)
    {
        return assembly.GetTypes()
            .Where(type => type.IsClass && !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
    }
}
