using System;
using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace FragileClient;

/// <summary>
/// Connects to the WebSocket server named on the command line and prints what it sends. The code that
/// talks to the server makes, on purpose, the mistakes WsAnalyzers reports: each rule's case lives in its
/// own file, named after the rule (Ws0003_CloseInsteadOfAbort.cs, ...).
/// </summary>
internal static class Program
{
    private const int ExitOk = 0;
    private const int ExitConnectionFailed = 1;
    private const int ExitUsage = 2;

    private static async Task<int> Main(string[] args)
    {
        if (args.Length != 1 || !TryParseServerUri(args[0], out var serverUri))
        {
            PrintUsage();
            return ExitUsage;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Let the client wind down instead of killing the process.
            e.Cancel = true;
            stop.Cancel();
        };

        // Dead-peer detection done right, so that this file stays free of findings (WS0001's case is in
        // Ws0001_MissingDeadPeerDetection.cs): a ping every 15 s, and the socket aborts itself when a pong
        // is 15 s late. Pongs are read only while a receive is pending; the receive loop keeps one pending.
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
        try
        {
            Console.WriteLine($"Connecting to {serverUri} ...");
            await socket.ConnectAsync(serverUri, stop.Token);
            Console.WriteLine("Connected. Printing what the server sends; Ctrl+C to stop.");

            var client = new Ws0003_CloseInsteadOfAbort(socket, Console.Out);
            await client.RunAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.WriteLine("Stopped.");
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or OperationCanceledException)
        {
            // The fragile code lets these escape, as such code does; say what happened instead of crashing.
            // (An aborted socket fails a pending receive with OperationCanceledException, not WebSocketException.)
            Console.Error.WriteLine($"FragileClient: {ex.GetType().Name}: {ex.Message}");
            if (ex.InnerException is { } cause)
            {
                Console.Error.WriteLine($"  caused by {cause.GetType().Name}: {cause.Message}");
            }

            Console.Error.WriteLine($"Socket state: {socket.State}, close status: {Describe(socket.CloseStatus)}.");
            return ExitConnectionFailed;
        }

        Console.WriteLine($"Connection ended. Socket state: {socket.State}, close status: {Describe(socket.CloseStatus)}.");
        return ExitOk;
    }

    private static bool TryParseServerUri(string text, [NotNullWhen(true)] out Uri? serverUri)
    {
        serverUri = Uri.TryCreate(text, UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeWs || parsed.Scheme == Uri.UriSchemeWss)
                ? parsed
                : null;
        return serverUri is not null;
    }

    private static string Describe(WebSocketCloseStatus? closeStatus)
    {
        // No close status means no close frame was exchanged: browsers report such an end as code 1006.
        return closeStatus is { } status ? $"{(int)status} ({status})" : "none, no close frame (a browser would report 1006)";
    }

    private static void PrintUsage()
    {
        Console.Error.WriteLine(
            """
            Usage: dotnet run --project samples/FragileClient -- <ws-or-wss-url>

            Connects to the WebSocket server at the URL, prints every message it receives, and sends
            "ping" every few seconds to check that the server still answers.

            Example, with a WebSocket server listening on this machine:
              dotnet run --project samples/FragileClient -- ws://127.0.0.1:8080/

            The code makes, on purpose, the mistakes WsAnalyzers reports. To see the warnings:
              dotnet build samples/FragileClient --no-incremental
            """);
    }
}
