using System;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WsResilience;

// Opens N connections to the sample server, sends a line on each every 2 s, and prints how each one ended:
// stop the server with Ctrl+C and every connection reports 1001 EndpointUnavailable, not 1006.
if (args.Length > 2 || (args.Length > 0 && !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
{
    Console.Error.WriteLine("Usage: TrackedServer.Client [connections (default 3)] [server url (default ws://127.0.0.1:5090/echo)]");
    return 2;
}

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var uri = new Uri(args.Length > 1 ? args[1] : "ws://127.0.0.1:5090/echo");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var endings = await Task.WhenAll(Enumerable.Range(1, count).Select(n => RunAsync(n, uri, stop.Token)));
foreach (var ending in endings)
{
    Console.WriteLine(ending);
}

return 0;

static async Task<string> RunAsync(int number, Uri uri, CancellationToken stop)
{
    using var socket = new ClientWebSocket();
    socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
    socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(10);
    await socket.ConnectAsync(uri, stop);
    Console.WriteLine($"#{number} connected to {uri}");
    var receiving = ReceiveAsync(number, socket);
    try
    {
        for (var line = 1; !receiving.IsCompleted; line++)
        {
            var text = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"hello {line} from #{number}"));
            await socket.SendAsync(text, WebSocketMessageType.Text, endOfMessage: true, stop);
            await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(2), stop));
        }
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        await socket.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, "Client stopping", TimeSpan.FromSeconds(5), CancellationToken.None);
    }
    catch (WebSocketException)
    {
        // The server went away; the receive loop reports how.
    }

    return $"#{number} ended: {await receiving}";
}

static async Task<WebSocketClosure> ReceiveAsync(int number, ClientWebSocket socket)
{
    var buffer = new byte[4096];
    try
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "Bye", CancellationToken.None);
                return WebSocketClosure.From(result);
            }

            Console.WriteLine($"#{number} <- {Encoding.UTF8.GetString(buffer, 0, result.Count)}");
        }
    }
    catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
    {
        return WebSocketClosure.From(socket, exception);
    }
}
