using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// A list of methods users name in <c>.editorconfig</c> to vouch for their own helpers, such as
/// <c>ws_analyzers.heartbeat_methods = MyCompany.Net.Heartbeat.Attach, MyCompany.Net.Heartbeat.Start</c>.
/// Entries are fully qualified <c>Namespace.Type.Method</c> names, separated by commas or semicolons;
/// a trailing <c>.*</c> accepts every method of a type; <c>global::</c> and parameter lists are ignored.
/// </summary>
internal sealed class ConfiguredMethodList
{
    private static readonly char[] s_separators = { ',', ';' };

    public static readonly ConfiguredMethodList Empty = new(ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty);

    private readonly ImmutableHashSet<string> _methods;
    private readonly ImmutableHashSet<string> _wholeTypes;

    private ConfiguredMethodList(ImmutableHashSet<string> methods, ImmutableHashSet<string> wholeTypes)
    {
        _methods = methods;
        _wholeTypes = wholeTypes;
    }

    public bool IsEmpty => _methods.IsEmpty && _wholeTypes.IsEmpty;

    /// <summary>Reads <paramref name="key"/> as it applies to <paramref name="tree"/> (editorconfig sections differ per file).</summary>
    public static ConfiguredMethodList Read(AnalyzerOptions options, SyntaxTree tree, string key)
    {
        if (!options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var value))
        {
            return Empty;
        }

        return Parse(value);
    }

    public static ConfiguredMethodList Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Empty;
        }

        var methods = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var wholeTypes = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var rawEntry in value!.Split(s_separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var entry = rawEntry.Trim();
            if (entry.StartsWith("global::", StringComparison.Ordinal))
            {
                entry = entry.Substring("global::".Length);
            }

            var parameters = entry.IndexOf('(');
            if (parameters >= 0)
            {
                entry = entry.Substring(0, parameters).TrimEnd();
            }

            if (entry.EndsWith(".*", StringComparison.Ordinal))
            {
                wholeTypes.Add(entry.Substring(0, entry.Length - 2));
            }
            else if (entry.Length > 0)
            {
                methods.Add(entry);
            }
        }

        return new ConfiguredMethodList(methods.ToImmutable(), wholeTypes.ToImmutable());
    }

    public bool Contains(IMethodSymbol method)
    {
        if (IsEmpty)
        {
            return false;
        }

        var original = method.ReducedFrom ?? method;
        var typeName = original.ContainingType?.OriginalDefinition.ToDisplayString(QualifiedTypeFormat);
        if (typeName is null)
        {
            return false;
        }

        return _wholeTypes.Contains(typeName) || _methods.Contains(typeName + "." + original.Name);
    }

    private static readonly SymbolDisplayFormat QualifiedTypeFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.None);
}
