using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace WsResilience.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on 127.0.0.1 that forwards to a loopback server and can break the connections in the
/// ways real networks do: reset without a close frame, go silent while TCP stays up, or refuse new ones.
/// </summary>
internal sealed class FaultInjectingProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<ProxiedConnection, byte> _connections = new();
    private readonly Task _acceptLoop;
    private IPEndPoint _target;
    private int _acceptedCount;
    private readonly Channel<int> _accepts = Channel.CreateUnbounded<int>();
    private volatile bool _refuseNew;
    private volatile bool _blackHoleFromStart;

    private FaultInjectingProxy(IPEndPoint target)
    {
        _target = target;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    public Uri Uri => new($"ws://127.0.0.1:{Port}/");

    /// <summary>How many client connections the proxy accepted (including refused ones).</summary>
    public int AcceptedCount => Volatile.Read(ref _acceptedCount);

    /// <summary>How many connections are being forwarded right now.</summary>
    public int OpenConnectionCount => _connections.Count;

    /// <summary>Where new connections are forwarded; change it to point at a restarted server.</summary>
    public IPEndPoint Target
    {
        get => Volatile.Read(ref _target);
        set => Volatile.Write(ref _target, value);
    }

    /// <summary>Completes once <paramref name="count"/> connections were accepted in all (one waiter at a time).</summary>
    public async Task WaitForAcceptedAsync(int count)
    {
        using var timeout = TestTimeouts.StepSource();
        while (await _accepts.Reader.ReadAsync(timeout.Token) < count)
        {
        }
    }

    public static FaultInjectingProxy Start(IPEndPoint target) => new(target);

    /// <summary>New connections are accepted and reset at once, as if nothing listened.</summary>
    public void RefuseNewConnections(bool refuse) => _refuseNew = refuse;

    /// <summary>Resets every open connection (TCP RST on both sides, no WebSocket close frame).</summary>
    public void ResetAll()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Reset();
        }
    }

    /// <summary>Stops forwarding on every open connection while keeping its TCP sockets alive.</summary>
    public void BlackHoleAll()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.BlackHole();
        }
    }

    /// <summary>Whether connections accepted from now on forward nothing at all, not even the upgrade request.</summary>
    public void BlackHoleNewConnectionsFromStart(bool blackHole) => _blackHoleFromStart = blackHole;

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        _listener.Dispose();
        ResetAll();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _shutdown.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_shutdown.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_shutdown.Token);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _accepts.Writer.TryWrite(Interlocked.Increment(ref _acceptedCount));
            if (_refuseNew)
            {
                ProxiedConnection.ResetSocket(client);
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await upstream.ConnectAsync(Target, _shutdown.Token);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            ProxiedConnection.ResetSocket(client);
            upstream.Dispose();
            return;
        }

        var connection = new ProxiedConnection(client, upstream, blackHoled: _blackHoleFromStart);
        _connections.TryAdd(connection, 0);
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            _connections.TryRemove(connection, out _);
        }
    }

    private sealed class ProxiedConnection
    {
        private readonly Socket _client;
        private readonly Socket _upstream;
        private volatile bool _blackHoled;
        private int _reset;

        public ProxiedConnection(Socket client, Socket upstream, bool blackHoled)
        {
            _client = client;
            _upstream = upstream;
            _blackHoled = blackHoled;
        }

        public void BlackHole() => _blackHoled = true;

        public void Reset()
        {
            if (Interlocked.Exchange(ref _reset, 1) == 0)
            {
                ResetSocket(_client);
                ResetSocket(_upstream);
            }
        }

        public static void ResetSocket(Socket socket)
        {
            try
            {
                // Linger 0 makes Close send RST instead of FIN: the peer sees a reset, not an orderly end.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
            }
        }

        public async Task RunAsync()
        {
            var toServer = PumpAsync(_client, _upstream);
            var toClient = PumpAsync(_upstream, _client);
            await Task.WhenAny(toServer, toClient);

            // One side ended: end the other the same way a real middlebox would, with an orderly close.
            if (Volatile.Read(ref _reset) == 0)
            {
                _client.Dispose();
                _upstream.Dispose();
            }

            await Task.WhenAll(toServer, toClient);
        }

        private async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                    if (read == 0)
                    {
                        to.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    if (_blackHoled)
                    {
                        continue;
                    }

                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                }
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
