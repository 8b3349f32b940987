using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WsAnalyzers.Model;
using Xunit;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>The members' operation trees the rules follow: each built once, whichever asks first.</summary>
public class SourceCodeTests
{
    private const string Client = """
        using System;
        using System.CodeDom.Compiler;
        using System.Threading;
        using System.Threading.Tasks;

        class Client
        {
            private int _attempts;

            public Task ConnectAsync(CancellationToken ct) => DialAsync(ct);

            private Task DialAsync(CancellationToken ct)
            {
                _attempts++;
                return Task.Delay(10, ct);
            }

            [GeneratedCode("tool", "1.0")]
            private void Generated() => _attempts = 0;
        }
        """;

    private static CSharpCompilation Compile() => CSharpCompilation.Create(
        "Client",
        new[] { CSharpSyntaxTree.ParseText(Client) },
        new[] { typeof(object), typeof(System.CodeDom.Compiler.GeneratedCodeAttribute) }
            .Select(type => MetadataReference.CreateFromFile(type.Assembly.Location))
            .Distinct()
            .ToArray(),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    [Theory]
    [InlineData("ConnectAsync", true)]
    [InlineData("DialAsync", true)]
    [InlineData("DialAsync", false)]
    public void A_member_of_a_type_whose_roots_were_built_is_not_bound_again(string name, bool judged)
    {
        // Outside a driver every GetSemanticModel call makes a new model, so binding again would give another tree.
        var compilation = Compile();
        var type = compilation.GetTypeByMetadataName("Client")!;
        var method = type.GetMembers(name).Single();
        var code = SourceCode.For(compilation);

        var roots = judged
            ? code.JudgedTypeRoots(type, compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute"), CancellationToken.None)
            : code.TypeRoots(type, CancellationToken.None);

        Assert.Same(roots.Single(root => SymbolEqualityComparer.Default.Equals(root.Owner, method)).Root, code.Body(method, CancellationToken.None));
    }

    [Fact]
    public void A_member_left_out_of_the_judged_roots_is_built_on_its_own()
    {
        var compilation = Compile();
        var type = compilation.GetTypeByMetadataName("Client")!;
        var generated = type.GetMembers("Generated").Single();
        var code = SourceCode.For(compilation);
        var roots = code.JudgedTypeRoots(type, compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute"), CancellationToken.None);

        var body = code.Body(generated, CancellationToken.None);

        Assert.DoesNotContain(roots, root => SymbolEqualityComparer.Default.Equals(root.Owner, generated));
        Assert.NotNull(body);
        Assert.Same(generated.DeclaringSyntaxReferences.Single().GetSyntax(), body!.Syntax);
    }

    [Fact]
    public void A_body_asked_for_before_its_type_is_built_once()
    {
        var compilation = Compile();
        var method = compilation.GetTypeByMetadataName("Client")!.GetMembers("DialAsync").Single();
        var code = SourceCode.For(compilation);

        var first = code.Body(method, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Same(first, code.Body(method, CancellationToken.None));
    }
}
