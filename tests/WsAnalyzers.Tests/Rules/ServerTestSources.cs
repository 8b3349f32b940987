namespace WsAnalyzers.Tests.Rules;

/// <summary>The ASP.NET Core server code WS0007's tests share: usings, a session, and an endpoint that accepts one.</summary>
internal static class ServerTestSources
{
    /// <summary>Without Microsoft.Extensions.DependencyInjection, so that the BCL fix shows the using it adds.</summary>
    public const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        """;

    /// <summary>A session that runs until its token fires.</summary>
    public const string Session = """
        static class Session
        {
            public static Task RunAsync(WebSocket socket, CancellationToken token) => Task.CompletedTask;
        }

        """;

    /// <summary>An accept whose session ends with the request: reported unless something else in the compilation closes it.</summary>
    public const string Endpoint = """
        static class Endpoint
        {
            public static async Task AcceptAsync(HttpContext http)
            {
                using var socket = await http.WebSockets.AcceptWebSocketAsync();
                await Session.RunAsync(socket, http.RequestAborted);
            }
        }

        """;
}
