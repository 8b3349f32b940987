using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// The per-file name search decides from text where it can. Where text could mislead (strings, comments,
/// generics in an argument list), it must ask the syntax tree rather than drop a real call.
/// </summary>
public class MentionScannerTests
{
    private static Mentions Scan(string body) =>
        MentionScanner.Scan(CSharpSyntaxTree.ParseText("class C { void M(dynamic ws, dynamic a, dynamic b) { " + body + " } }"), CancellationToken.None).Found;

    [Theory]
    [InlineData("ws.CloseAsync(a, b, default);")]
    [InlineData("ws?.CloseAsync(a, \"bye, see you (later)\", default);")]
    [InlineData("ws.CloseAsync(a, $\"{b}, then {a}\", default);")]
    [InlineData("ws.CloseAsync(a, Describe<int, string>(b), default);")]
    [InlineData("ws.CloseAsync(a, /* why, oh why */ b, default);")]
    [InlineData("ws.CloseAsync(a,\n    b, // reason, code\n    default);")]
    [InlineData("ws.CloseOutputAsync(new[] { a, b }[0], (a, b).Item1, default);")]
    [InlineData("ws.CloseAsync ( a , b , default ) ;")]
    public void A_close_call_with_three_arguments_is_a_mention(string call)
    {
        Assert.Equal(Mentions.CloseCall, Scan(call) & Mentions.CloseCall);
    }

    [Theory]
    [InlineData("connection.CloseAsync();")]
    [InlineData("stream.CloseAsync(a);")]
    [InlineData("db.CloseAsync(a, b);")]
    [InlineData("ws.CloseAsync(a, b, c, d);")]
    [InlineData("var f = nameof(ws.CloseAsync);")]
    [InlineData("MyCloseAsync(a, b, default); ws.CloseAsyncCore(a, b, default);")]
    public void Other_arities_and_longer_names_are_not(string code)
    {
        Assert.Equal(Mentions.None, Scan(code) & Mentions.CloseCall);
    }

    [Theory]
    [InlineData("var x = ws.ConnectAsync(a, default);", (int)Mentions.Connect)]
    [InlineData("await _link.Connect(url, default);", (int)Mentions.ConnectCall)]
    [InlineData("await ReconnectAsync ();", (int)Mentions.ConnectCall)]
    [InlineData("var s = ws.CloseStatus;", (int)Mentions.CloseStatus)]
    [InlineData("var r = ws.ReceiveAsync(a, default);", (int)Mentions.Receive)]
    [InlineData("var o = new System.Net.WebSockets.ClientWebSocket();", (int)Mentions.KeepAliveSetup)]
    [InlineData("System.Func<object> f = () => new();", (int)Mentions.KeepAliveSetup)]
    [InlineData("System.Func<object> f = () => (new());", (int)Mentions.KeepAliveSetup)]
    [InlineData("System.Func<object> f = delegate { return new(); };", (int)Mentions.KeepAliveSetup)]
    public void Each_name_is_found(string code, int expectedMention)
    {
        var expected = (Mentions)expectedMention;
        Assert.Equal(expected, Scan(code) & expected);
    }

    /// <summary>The body on lines of its own, as code is written: a declaration is told from a call by its line.</summary>
    private static Mentions ScanLines(string body) =>
        MentionScanner.Scan(CSharpSyntaxTree.ParseText("class C\n{\n    void M(dynamic ws, dynamic a, dynamic b)\n    {\n        " + body + "\n    }\n}\n"), CancellationToken.None).Found;

    [Theory]
    [InlineData("System.Threading.Tasks.Task ConnectAsync(string host);", (int)Mentions.Connect)]
    [InlineData("System.Threading.Tasks.Task<int> ConnectAsync<T>(T host) => null;", (int)Mentions.Connect)]
    [InlineData("public async System.Threading.Tasks.Task<int> ReceiveAsync(byte[] buffer) => 0;", (int)Mentions.Receive)]
    [InlineData("System.Threading.Tasks.Task CloseAsync(int code, string reason, System.Threading.CancellationToken token) => null;", (int)Mentions.CloseCall)]
    [InlineData("private void Reconnect() { }", (int)Mentions.ConnectCall)]
    [InlineData("static async System.Threading.Tasks.Task ConnectInnerAsync() { }", (int)Mentions.ConnectCall)]
    [InlineData("Alias ConnectAsync(string host) => null;", (int)Mentions.Connect)]
    [InlineData("Thread Reconnect() => null;", (int)Mentions.ConnectCall)]
    [InlineData("int ReceiveAsync(byte[] buffer) => 0;", (int)Mentions.Receive)]
    [InlineData("asc ConnectAsync() => null;", (int)Mentions.Connect)]
    [InlineData("ending Reconnect() => null;", (int)Mentions.ConnectCall)]
    public void A_declaration_of_the_name_is_not_a_mention(string declaration, int mention)
    {
        var code = "interface I\n{\n}\n\nclass K\n{\n    " + declaration + "\n}\n";
        Assert.Equal(Mentions.None, MentionScanner.Scan(CSharpSyntaxTree.ParseText(code), CancellationToken.None).Found & (Mentions)mention);
    }

    /// <summary>Where text cannot be sure the name is declared, it is a mention: a doubt must never hide a call.</summary>
    [Theory]
    [InlineData("await ConnectAsync();")]
    [InlineData("return ConnectAsync();")]
    [InlineData("if (a) a(); else ConnectAsync();")]
    [InlineData("System.Func<object> f = () => ConnectAsync();")]
    [InlineData("var t = a ? ConnectAsync() : null;")]
    [InlineData("// try again\n        ConnectAsync();")]
    [InlineData("var all = from x in a select ConnectAsync(x);")]
    [InlineData("switch (a) { case 1: ConnectAsync(); break; }")]
    [InlineData("System.Threading.Tasks.Task /* the socket's */ ConnectAsync() => null;")]
    [InlineData("(bool, int) ConnectAsync() => default;")]
    [InlineData("await\n            ConnectAsync();")]
    [InlineData("var s = \"Task ConnectAsync\"; ws.ConnectAsync(a, b);")]
    public void A_call_placed_like_a_declaration_is_still_a_mention(string body)
    {
        Assert.Equal(Mentions.Connect, ScanLines(body) & Mentions.Connect);
    }

    /// <summary>
    /// Where the start of the line is not in view (the first line of the text, or of a window cut from a long line), the
    /// word before the name may be cut too: a name there is a mention.
    /// </summary>
    [Fact]
    public void A_name_whose_line_start_is_not_in_view_is_a_mention()
    {
        var tree = CSharpSyntaxTree.ParseText("System.Threading.Tasks.Task ConnectAsync() => null;");
        Assert.Equal(Mentions.Connect, MentionScanner.Scan(tree, CancellationToken.None).Found & Mentions.Connect);
    }

    [Theory]
    [InlineData("await ReconnectAsync();", (int)Mentions.ConnectCall)]
    [InlineData("return ws.ReceiveAsync(a, b);", (int)Mentions.Receive)]
    [InlineData("else ws.CloseAsync(a, b, default);", (int)Mentions.CloseCall)]
    [InlineData("System.Func<object> f = x => Reconnect(x);", (int)Mentions.ConnectCall)]
    public void Calls_of_each_method_name_stay_mentions(string body, int mention)
    {
        var expected = (Mentions)mention;
        var code = body.StartsWith("else", System.StringComparison.Ordinal) ? "if (a) a();\n        " + body : body;
        Assert.Equal(expected, ScanLines(code) & expected);
    }

    /// <summary>
    /// A long file is read in windows, not as one string. Every name must be found once, at its place, whichever window
    /// boundary it sits on or crosses: the windowed scan must equal the scan of the whole text.
    /// </summary>
    [Fact]
    public void A_long_file_read_in_windows_has_the_same_mentions_as_one_read_whole()
    {
        const int Blocks = 450;
        var source = new StringBuilder("partial class C\n{\n");
        for (var block = 0; block < Blocks; block++)
        {
            source.Append("    // ").Append('x', (block * 37) % 113).Append('\n');
            source.Append("    void M").Append(block).Append("(dynamic ws, dynamic a)\n    {\n");
            source.Append("        ws.ConnectAsync(a, default); var s = ws.CloseStatus; Reconnect();\n");
            source.Append("        ws.CloseAsync(a,").Append(' ', block % 29).Append("\n            \"bye, (for now)\", default);\n");
            source.Append("        System.Func<object> f = () => new();\n    }\n");
            source.Append("    System.Threading.Tasks.Task ReceiveAsync").Append(block).Append("(int x) => null;\n");
        }

        source.Append("}\n");
        var tree = CSharpSyntaxTree.ParseText(source.ToString());
        Assert.True(tree.Length > 4 * MentionScanner.WindowLength);

        var whole = MentionScanner.Scan(tree, int.MaxValue, CancellationToken.None);
        foreach (var windowLength in new[] { MentionScanner.WindowLength, 4096, 5000 })
        {
            var windowed = MentionScanner.Scan(tree, windowLength, CancellationToken.None);
            Assert.Equal(whole.Found, windowed.Found);
            Assert.Equal(whole.MayDeclarePartialType, windowed.MayDeclarePartialType);
            Assert.Equal(whole.Hits.OrderBy(hit => hit.Position), windowed.Hits.OrderBy(hit => hit.Position));
        }

        Assert.Equal(Mentions.Connect | Mentions.ConnectCall | Mentions.CloseStatus | Mentions.CloseCall | Mentions.KeepAliveSetup, whole.Found);
        Assert.Equal(Blocks, whole.Hits.Count(hit => hit.Mention == Mentions.Connect));
        Assert.Equal(2 * Blocks, whole.Hits.Count(hit => hit.Mention == Mentions.ConnectCall));
        Assert.Equal(Blocks, whole.Hits.Count(hit => hit.Mention == Mentions.CloseCall));
        Assert.Equal(Blocks, whole.Hits.Count(hit => hit.Mention == Mentions.KeepAliveSetup));
        Assert.All(whole.Hits.Where(hit => hit.Mention == Mentions.CloseCall), hit => Assert.Equal("CloseAsync", source.ToString(hit.Position, "CloseAsync".Length)));
    }

    /// <summary>The text asks the tree for global aliases only where it spells <c>global using</c>, however the two words are separated.</summary>
    [Theory]
    [InlineData("global using Sock = System.Net.WebSockets.ClientWebSocket;", true)]
    [InlineData("global\n    using Sock = System.Net.WebSockets.ClientWebSocket;", true)]
    [InlineData("global /* the socket */ using Sock = System.Net.WebSockets.ClientWebSocket;", true)]
    [InlineData("global // the socket\nusing Sock = System.Net.WebSockets.ClientWebSocket;", true)]
    [InlineData("global using System.Net.WebSockets;", false)]
    [InlineData("// global commands\nusing Sock = System.Net.WebSockets.ClientWebSocket;", false)]
    [InlineData("using Sock = System.Net.WebSockets.ClientWebSocket; class Globals { int globalUsing; }", false)]
    public void A_global_alias_is_found_however_it_is_spelled(string source, bool declaresGlobalAlias)
    {
        var scanned = MentionScanner.Scan(CSharpSyntaxTree.ParseText(source + "\nclass C { }"), CancellationToken.None);

        Assert.Equal(declaresGlobalAlias, scanned.DeclaresGlobalAlias);
    }

    [Theory]
    [InlineData("var o = new object(); object p = new(); var renew = a;")]
    [InlineData("var x = ws.ReconnectAsyncNow; var y = ws.ConnectAsyncCore;")]
    [InlineData("Disconnect(); var c = OpenConnection(); if (IsConnected()) { }")]
    public void Look_alikes_are_not_mentions(string code)
    {
        Assert.Equal(Mentions.None, Scan(code));
    }
}
