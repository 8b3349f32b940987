using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using WsResilience;

var name = args.Length > 0 ? args[0] : "guest";
var port = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5080;
var uri = new Uri($"ws://127.0.0.1:{port}/chat?name={Uri.EscapeDataString(name)}");

var options = new ReconnectingWebSocketOptions
{
    Name = name,
    HeartbeatInterval = TimeSpan.FromSeconds(5),
    HeartbeatTimeout = TimeSpan.FromSeconds(5),
    SilenceTimeout = TimeSpan.FromSeconds(15),
    OutboundQueueCapacity = 100,
    OutboundQueueFullMode = OutboundQueueFullMode.DropOldest,
};
await using var chat = new ReconnectingWebSocket(uri, options);
chat.Connected += (_, e) => Say(e.Downtime is { } down
    ? $"[connected again after {down.TotalSeconds:0.0} s, attempt {e.Attempt}]"
    : $"[connected to {e.Uri}]");
chat.Disconnected += (_, e) => Say($"[disconnected: {e.Closure}{(e.WillReconnect ? string.Empty : ", not reconnecting")}]");
chat.Reconnecting += (_, e) => Say($"[reconnecting: attempt {e.Attempt} in {e.Delay.TotalMilliseconds:0} ms{(e.ConnectError is null ? string.Empty : $" ({e.ConnectError.GetType().Name})")}]");
chat.MessageDropped += (_, e) => Say($"[dropped an unsent message ({e.Reason})]");

chat.Start();
Say($"Type a line and press Enter to send; messages typed while disconnected are queued. Ctrl+C or an empty line quits.");

using var quit = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    quit.Cancel();
};

var printing = PrintMessagesAsync(chat);
_ = Task.Run(async () =>
{
    while (Console.ReadLine() is { Length: > 0 } line)
    {
        await chat.SendAsync(line).ConfigureAwait(false);
    }

    await quit.CancelAsync().ConfigureAwait(false);
});

try
{
    await Task.Delay(Timeout.Infinite, quit.Token).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
}

await chat.StopAsync().ConfigureAwait(false);
await printing.ConfigureAwait(false);
Say($"[stopped; {chat.SentMessageCount} sent, {chat.DroppedMessageCount} dropped]");

static async Task PrintMessagesAsync(ReconnectingWebSocket chat)
{
    await foreach (var message in chat.ReadAllAsync().ConfigureAwait(false))
    {
        Console.WriteLine(message.GetText());
    }
}

static void Say(string text) => Console.WriteLine(text);
