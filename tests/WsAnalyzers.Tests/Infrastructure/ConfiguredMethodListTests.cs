using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Tests.Infrastructure;

public class ConfiguredMethodListTests
{
    private static readonly CSharpCompilation Compilation = CSharpCompilation.Create(
        "Lists",
        new[]
        {
            CSharpSyntaxTree.ParseText("""
                namespace MyCompany.Net
                {
                    public static class Heartbeat
                    {
                        public static void Attach(this object socket) { }
                        public static void Start() { }
                    }

                    public class Outer { public class Inner { public void Go() { } } }
                    public class Generic<T> { public void Run() { } }
                }
                """),
        },
        new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) });

    private static IMethodSymbol Method(string type, string name) =>
        Compilation.GetTypeByMetadataName(type)!.GetMembers(name).OfType<IMethodSymbol>().Single();

    [Theory]
    [InlineData("MyCompany.Net.Heartbeat.Attach")]
    [InlineData(" global::MyCompany.Net.Heartbeat.Attach(object) ")]
    [InlineData("Other.Type.Method; MyCompany.Net.Heartbeat.Attach")]
    [InlineData("MyCompany.Net.Heartbeat.*")]
    public void Matches_listed_methods(string value) =>
        Assert.True(ConfiguredMethodList.Parse(value).Contains(Method("MyCompany.Net.Heartbeat", "Attach")));

    [Fact]
    public void Matches_extension_methods_called_in_reduced_form()
    {
        var attach = Method("MyCompany.Net.Heartbeat", "Attach");
        var reduced = attach.ReduceExtensionMethod(Compilation.GetSpecialType(SpecialType.System_Object))!;
        Assert.True(ConfiguredMethodList.Parse("MyCompany.Net.Heartbeat.Attach").Contains(reduced));
    }

    [Fact]
    public void Matches_nested_and_generic_types_by_their_source_names()
    {
        Assert.True(ConfiguredMethodList.Parse("MyCompany.Net.Outer.Inner.Go").Contains(Method("MyCompany.Net.Outer+Inner", "Go")));
        Assert.True(ConfiguredMethodList.Parse("MyCompany.Net.Generic.Run").Contains(Method("MyCompany.Net.Generic`1", "Run")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ; ")]
    [InlineData("MyCompany.Net.Heartbeat.Start")]
    [InlineData("Heartbeat.Attach")]
    [InlineData("MyCompany.Net.Heartbeat.attach")]
    public void Does_not_match_anything_else(string? value) =>
        Assert.False(ConfiguredMethodList.Parse(value).Contains(Method("MyCompany.Net.Heartbeat", "Attach")));
}
