using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace WsAnalyzers.Tests.Verifiers;

/// <summary>Source compiled into a metadata reference: another assembly, as a package or another project of the solution would be.</summary>
public static class TestAssemblies
{
    /// <summary><paramref name="source"/> compiled as <paramref name="assemblyName"/> against the .NET 9 and ASP.NET Core 9 reference assemblies.</summary>
    public static async Task<MetadataReference> CompileAsync(string assemblyName, string source)
    {
        var references = await TestReferences.Net90WithAspNetCore.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException($"{assemblyName} does not compile:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return MetadataReference.CreateFromImage(image.ToArray().ToImmutableArray());
    }
}
