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

    [Theory]
    [InlineData("var o = new object(); object p = new(); var renew = a;")]
    [InlineData("var x = ws.ReconnectAsyncNow; var y = ws.ConnectAsyncCore;")]
    [InlineData("Disconnect(); var c = OpenConnection(); if (IsConnected()) { }")]
    public void Look_alikes_are_not_mentions(string code)
    {
        Assert.Equal(Mentions.None, Scan(code));
    }
}
