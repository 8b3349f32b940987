// A WebSocket client written the way the rules ask for: every analyzer must stay silent here.
using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Valid;

public sealed class ResilientClient
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly Uri _uri;
    private DateTime _lastMessageUtc = DateTime.UtcNow;

    public ResilientClient(Uri uri) => _uri = uri;

    public event Action<string>? MessageReceived;

    public event Action<Exception>? ConnectionLost;

    public async Task RunAsync(CancellationToken stopping)
    {
        var attempt = 0;
        while (!stopping.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
            socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
            try
            {
                await socket.ConnectAsync(_uri, stopping);
                attempt = 0;
                await ReceiveUntilClosedAsync(socket, stopping);
            }
            catch (WebSocketException ex)
            {
                ConnectionLost?.Invoke(ex);
                socket.Abort();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                socket.Abort();
                return;
            }

            attempt++;
            var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
            var delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
            await Task.Delay(delay, stopping);
        }
    }

    private async Task ReceiveUntilClosedAsync(ClientWebSocket socket, CancellationToken stopping)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), stopping);
                _lastMessageUtc = DateTime.UtcNow;
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, stopping);
                    return;
                }

                MessageReceived?.Invoke(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public TimeSpan SinceLastMessage => DateTime.UtcNow - _lastMessageUtc;

    public static async Task StopAsync(ClientWebSocket socket)
    {
        if (socket.State != WebSocketState.Open)
        {
            return;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", deadline.Token);
        }
        catch (OperationCanceledException)
        {
            socket.Abort();
        }

        var status = socket.CloseStatus is { } closeStatus ? (int)closeStatus : 0;
        Console.WriteLine(socket.State == WebSocketState.Aborted ? "aborted (1006)" : $"closed with {status}");
    }
}
