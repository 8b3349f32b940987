using System;
using System.Net.WebSockets;
using System.Threading.Tasks;

namespace WsResilience.Tests.Infrastructure;

internal static class ClientConnections
{
    /// <summary>Connects a plain <see cref="ClientWebSocket"/> with keep-alive off, so only the test's traffic flows.</summary>
    public static async Task<ClientWebSocket> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = TestTimeouts.StepSource();
        await socket.ConnectAsync(uri, timeout.Token);
        return socket;
    }
}
