using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WsAnalyzers.Infrastructure;
using Xunit;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>The symbols every rule compares against: found once per compilation, in the assembly that declares them.</summary>
public class WebSocketSymbolsTests
{
    private static CSharpCompilation WithWebSockets() => CSharpCompilation.Create(
        "Client",
        new[] { CSharpSyntaxTree.ParseText("class C { System.Net.WebSockets.WebSocket? Socket; }") },
        new[] { typeof(object), typeof(System.Net.WebSockets.WebSocket), typeof(System.Uri) }
            .Select(type => MetadataReference.CreateFromFile(type.Assembly.Location))
            .Distinct()
            .ToArray(),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    [Fact]
    public void Every_rule_of_a_compilation_gets_the_same_symbols()
    {
        var compilation = WithWebSockets();

        Assert.True(WebSocketSymbols.TryGet(compilation, out var first));
        Assert.True(WebSocketSymbols.TryGet(compilation, out var second));
        Assert.Same(first, second);
        Assert.NotSame(first, WebSocketSymbols.TryGet(WithWebSockets(), out var other) ? other : null);
        Assert.Equal("System.Net.WebSockets.WebSocket", first.WebSocket.ToDisplayString());
    }

    [Theory]
    [InlineData("System.OperationCanceledException")]
    [InlineData("System.TimeSpan")]
    [InlineData("System.Threading.CancellationTokenSource")]
    public void A_core_type_is_the_one_the_compilation_binds(string metadataName)
    {
        var compilation = WithWebSockets();

        var found = compilation.GetCoreType(metadataName);

        Assert.NotNull(found);
        Assert.Same(compilation.GetTypeByMetadataName(metadataName), found);
    }

    [Fact]
    public void A_type_outside_the_core_library_is_found_through_the_compilation()
    {
        var compilation = WithWebSockets();

        Assert.Same(
            compilation.GetTypeByMetadataName("System.Net.WebSockets.WebSocketState"),
            compilation.GetCoreType("System.Net.WebSockets.WebSocketState"));
        Assert.Null(compilation.GetCoreType("System.Net.WebSockets.NoSuchType"));
    }
}
