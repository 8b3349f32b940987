using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace WsResilience.Benchmarks;

/// <summary>
/// Echo round trips on loopback, pipelined: one batch of messages is sent while the echoes are read.
/// Each operation is one message, so time and allocations are per message.
/// </summary>
public class ThroughputBenchmarks
{
    private const int MessagesPerBatch = 1000;

    private BenchmarkEchoServer _server = null!;
    private ClientWebSocket _raw = null!;
    private ReconnectingWebSocket _resilient = null!;
    private byte[] _payload = null!;
    private byte[] _receiveBuffer = null!;

    [Params(32, 1024)]
    public int PayloadSize { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await BenchmarkEchoServer.StartAsync().ConfigureAwait(false);
        _payload = new byte[PayloadSize];
        _receiveBuffer = new byte[64 * 1024];

        _raw = new ClientWebSocket();
        await _raw.ConnectAsync(_server.Uri, CancellationToken.None).ConfigureAwait(false);

        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _resilient = new ReconnectingWebSocket(_server.Uri, new ReconnectingWebSocketOptions { OutboundQueueCapacity = MessagesPerBatch * 2 });
        _resilient.Connected += (_, _) => connected.TrySetResult();
        _resilient.Start();
        await connected.Task.ConfigureAwait(false);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _resilient.DisposeAsync().ConfigureAwait(false);
        await _raw.CloseOrAbortAsync(WebSocketCloseStatus.NormalClosure, null, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _raw.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MessagesPerBatch)]
    public async Task RawClientWebSocket()
    {
        var sending = SendRawBatchAsync();
        for (var received = 0; received < MessagesPerBatch;)
        {
            var result = await _raw.ReceiveAsync(_receiveBuffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            if (result.EndOfMessage)
            {
                received++;
            }
        }

        await sending.ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = MessagesPerBatch)]
    public async Task ReconnectingWebSocket()
    {
        for (var i = 0; i < MessagesPerBatch; i++)
        {
            await _resilient.SendAsync(_payload, WebSocketMessageType.Binary).ConfigureAwait(false);
        }

        for (var received = 0; received < MessagesPerBatch; received++)
        {
            await _resilient.Messages.ReadAsync().ConfigureAwait(false);
        }
    }

    private async Task SendRawBatchAsync()
    {
        for (var i = 0; i < MessagesPerBatch; i++)
        {
            await _raw.SendAsync(_payload.AsMemory(), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
