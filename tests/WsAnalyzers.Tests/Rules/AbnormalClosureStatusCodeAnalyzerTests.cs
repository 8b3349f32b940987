using System.Threading.Tasks;
using WsAnalyzers.Rules;
using WsAnalyzers.Tests.Verifiers;
using Verify = WsAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<WsAnalyzers.Rules.AbnormalClosureStatusCodeAnalyzer>;

namespace WsAnalyzers.Tests.Rules;

public class AbnormalClosureStatusCodeAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string Because =
        "System.Net.WebSockets never reports close status 1006: an abnormal closure throws WebSocketException " +
        "(ConnectionClosedPrematurely), sets State to Aborted and leaves CloseStatus null, so ";

    private const string NeverReported = Because + "this comparison with 1006 never matches";
    private const string AlwaysTrue = Because + "this comparison with 1006 is always true";
    private const string PatternNeverMatches = Because + "the 1006 in this pattern never matches";
    private const string CaseNeverMatches = Because + "this case for 1006 never matches";

    // ---- comparisons: flagged ----

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task Comparing_the_sockets_CloseStatus_with_1006_is_flagged(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                bool DroppedAbnormally(ClientWebSocket ws) => {|#0:ws.CloseStatus == (WebSocketCloseStatus)1006|};
            }
            """,
            framework,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(NeverReported));

    [Theory]
    [InlineData("(int)ws.CloseStatus == 1006", NeverReported)]
    [InlineData("1006 == (int)ws.CloseStatus", NeverReported)]
    [InlineData("(int?)ws.CloseStatus != 1006", AlwaysTrue)]
    [InlineData("(int)ws.CloseStatus.GetValueOrDefault() == 1006", NeverReported)]
    [InlineData("(int)(ws.CloseStatus ?? 0) == 1006", NeverReported)]
    [InlineData("(ushort)ws.CloseStatus.Value == 1006", NeverReported)]
    [InlineData("ws.CloseStatus != (WebSocketCloseStatus)1006", AlwaysTrue)]
    [InlineData("ws.CloseStatus == AbnormalClosure", NeverReported)]
    [InlineData("ws.CloseStatus == (WebSocketCloseStatus)AbnormalCode", NeverReported)]
    [InlineData("result.CloseStatus == (WebSocketCloseStatus)1006", NeverReported)]
    [InlineData("ws.CloseStatus is (WebSocketCloseStatus)1006", NeverReported)]
    [InlineData("ws.CloseStatus is not (WebSocketCloseStatus)1006", AlwaysTrue)]
    [InlineData("(int?)result.CloseStatus is 1006 or 1001", PatternNeverMatches)]
    public Task Comparisons_of_a_close_status_with_1006_are_flagged(string comparison, string message) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                const WebSocketCloseStatus AbnormalClosure = (WebSocketCloseStatus)1006;
                const int AbnormalCode = 1006;

                bool Check(WebSocket ws, WebSocketReceiveResult result) => {|#0:{{comparison}}|};
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(message));

    [Fact]
    public Task An_int_local_taken_from_CloseStatus_and_compared_with_1006_is_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                void OnClosed(WebSocket ws)
                {
                    int code = (int)ws.CloseStatus.GetValueOrDefault();
                    if ({|#0:code == 1006|})
                    {
                        Console.WriteLine("reconnect");
                    }

                    int other;
                    other = (int?)ws.CloseStatus ?? 0;
                    Console.WriteLine({|#1:other != 1006|});
                }
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(NeverReported),
            Verify.Diagnostic("WS0004").WithLocation(1).WithArguments(AlwaysTrue));

    [Fact]
    public Task Switch_cases_arms_and_property_patterns_for_1006_are_flagged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                string Describe(WebSocket ws, WebSocketReceiveResult result)
                {
                    switch (ws.CloseStatus)
                    {
                        case {|#0:(WebSocketCloseStatus)1006|}:
                            return "abnormal";
                    }

                    switch ((int?)ws.CloseStatus)
                    {
                        case {|#1:1006|} when ws.State == WebSocketState.Aborted:
                            return "abnormal";
                    }

                    if (result is { CloseStatus: {|#2:(WebSocketCloseStatus)1006|} })
                    {
                        return "abnormal";
                    }

                    return (int?)ws.CloseStatus switch
                    {
                        1000 => "normal",
                        {|#3:1006|} => "abnormal",
                        _ => "other",
                    };
                }
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(CaseNeverMatches),
            Verify.Diagnostic("WS0004").WithLocation(1).WithArguments(CaseNeverMatches),
            Verify.Diagnostic("WS0004").WithLocation(2).WithArguments(PatternNeverMatches),
            Verify.Diagnostic("WS0004").WithLocation(3).WithArguments(CaseNeverMatches));

    // ---- sending a reserved code: flagged ----

    [Theory]
    [InlineData(TargetFramework.Net80)]
    [InlineData(TargetFramework.Net90)]
    public Task Sending_1006_or_1015_is_flagged(TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task DropAsync(ClientWebSocket ws)
                {
                    await ws.CloseAsync({|#0:(WebSocketCloseStatus)1006|}, "dropped", CancellationToken.None);
                    await ws.CloseOutputAsync(statusDescription: null, cancellationToken: default, closeStatus: {|#1:(WebSocketCloseStatus)1015|});
                }
            }
            """,
            framework,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(
                "'CloseAsync' throws ArgumentException for close status 1006: the code is reserved for failures reported locally and is never sent; call Abort() to drop the connection"),
            Verify.Diagnostic("WS0004").WithLocation(1).WithArguments(
                "'CloseOutputAsync' throws ArgumentException for close status 1015: the code is reserved for failures reported locally and is never sent; call Abort() to drop the connection"));

    // ---- must stay silent ----

    [Theory]
    [InlineData("args.Code == 1006")]
    [InlineData("(WebSocketCloseStatus)args.Code == (WebSocketCloseStatus)1006")]
    [InlineData("args.Status == (WebSocketCloseStatus)1006")]
    [InlineData("args.CloseStatus == 1006")]
    [InlineData("status == (WebSocketCloseStatus)1006")]
    [InlineData("count == 1006")]
    [InlineData("ws.CloseStatus == WebSocketCloseStatus.Empty")]
    [InlineData("(int)ws.CloseStatus == 1000")]
    [InlineData("ws.CloseStatus is (WebSocketCloseStatus)1001 or WebSocketCloseStatus.NormalClosure")]
    [InlineData("ws.State == WebSocketState.Aborted")]
    public Task Comparisons_of_other_codes_or_other_libraries_codes_are_silent(string comparison) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class CloseEventArgs
            {
                public ushort Code { get; set; }
                public WebSocketCloseStatus Status { get; set; }
                public int CloseStatus { get; set; }
            }

            class Client
            {
                bool Check(WebSocket ws, CloseEventArgs args, WebSocketCloseStatus status, int count) => {{comparison}};
            }
            """);

    [Fact]
    public Task Naming_1006_without_comparing_a_close_status_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Codes
            {
                public const int AbnormalClosure = 1006;

                void Log(WebSocket ws)
                {
                    var synthesized = ws.CloseStatus ?? (WebSocketCloseStatus)1006;
                    Console.WriteLine(synthesized);
                    Console.WriteLine(AbnormalClosure == 1006);
                    int fromElsewhere = Environment.ExitCode;
                    Console.WriteLine(fromElsewhere == 1006);
                }
            }
            """);

    [Theory]
    [InlineData("CloseAsync", "WebSocketCloseStatus.Empty", TargetFramework.Net80)]
    [InlineData("CloseAsync", "WebSocketCloseStatus.Empty", TargetFramework.Net90)]
    [InlineData("CloseOutputAsync", "NoStatus", TargetFramework.Net90)]
    public Task Sending_1005_is_flagged_though_the_runtime_sends_it(string method, string status, TargetFramework framework) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                const WebSocketCloseStatus NoStatus = (WebSocketCloseStatus)1005;

                Task StopAsync(WebSocket ws) => ws.{{method}}({|#0:{{status}}|}, null, default);
            }
            """,
            framework,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(
                $"'{method}' sends close status 1005 (WebSocketCloseStatus.Empty) in the close frame, which RFC 6455 forbids: 1005 only reports that a received close frame had no code, and a conforming peer fails the connection with 1002; send NormalClosure (1000) instead"));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("999", 999)]
    [InlineData("500", 500)]
    public Task Sending_a_code_below_1000_is_flagged(string code, int expected) =>
        Verify.VerifyAnalyzerAsync(Usings + $$"""
            class Client
            {
                Task StopAsync(WebSocket ws) => ws.CloseAsync({|#0:(WebSocketCloseStatus){{code}}|}, null, default);
            }
            """,
            TargetFramework.Net90,
            Verify.Diagnostic("WS0004").WithLocation(0).WithArguments(
                $"'CloseAsync' throws ArgumentException for close status {expected}: close codes start at 1000; send NormalClosure (1000), another WebSocketCloseStatus, or an application code from 4000 to 4999"));

    [Fact]
    public Task Sending_ordinary_codes_is_silent() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                async Task StopAsync(WebSocket ws, WebSocketCloseStatus status, WebSocketReceiveResult result)
                {
                    await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
                    await ws.CloseAsync((WebSocketCloseStatus)1000, null, default);
                    await ws.CloseAsync(WebSocketCloseStatus.MandatoryExtension, null, default);
                    await ws.CloseOutputAsync((WebSocketCloseStatus)4000, "app specific", default);
                    await ws.CloseAsync(status, null, default);
                    await ws.CloseAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, default);
                }
            }
            """);
}
