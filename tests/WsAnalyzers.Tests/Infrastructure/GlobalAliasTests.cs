using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// Whether a <c>global using</c> alias hides a WebSocket or timer name is a property of the compilation, answered from
/// the import scope of whichever file asks first: every file must give the same answer, the alias's own file included.
/// </summary>
public class GlobalAliasTests
{
    private const string Aliases = """
        global using Sock = System.Net.WebSockets.ClientWebSocket;
        global using Alarm = System.Threading.Timer;
        """;

    private const string Client = """
        namespace Chat;

        sealed class Client
        {
            private readonly Sock _socket = new();
        }
        """;

    [Theory]
    [InlineData("Aliases.cs", "WebSocket", true)]
    [InlineData("Client.cs", "WebSocket", true)]
    [InlineData("Aliases.cs", "Timer", true)]
    [InlineData("Client.cs", "Timer", true)]
    [InlineData("Client.cs", "Stopwatch", false)]
    public async Task Any_file_answers_for_the_whole_compilation(string askingFile, string word, bool expected)
    {
        var host = await AnalyzerHost.CreateAsync();
        var compilation = host.Compile(("Aliases.cs", Aliases), ("Client.cs", Client));
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == askingFile);

        Assert.Equal(expected, SourceMentions.HasGlobalAliasSpelling(compilation.GetSemanticModel(tree), word, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_scoped_alias_is_not_global()
    {
        var host = await AnalyzerHost.CreateAsync();
        var compilation = host.Compile(("Local.cs", "using Sock = System.Net.WebSockets.ClientWebSocket;\nclass Holder { Sock? _socket; }"), ("Client.cs", "class Other { }"));

        Assert.False(SourceMentions.HasWebSocketGlobalAlias(compilation.GetSemanticModel(compilation.SyntaxTrees.First()), CancellationToken.None));
    }
}
