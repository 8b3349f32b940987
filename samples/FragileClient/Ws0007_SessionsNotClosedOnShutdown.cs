using System;
using System.Net.WebSockets;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;

namespace FragileClient;

/// <summary>
/// WS0007, "Close WebSocket sessions when the application stops". The echo endpoint of a test server: nothing closes
/// its sessions when the application stops, so the host aborts them after its shutdown timeout and every connected
/// client sees an abnormal closure (1006) at every deploy.
/// </summary>
internal static class Ws0007_SessionsNotClosedOnShutdown
{
    public static void MapEcho(WebApplication app) => app.Map("/echo", async context =>
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        WebSocketReceiveResult received;
        while (!(received = await socket.ReceiveAsync(buffer, context.RequestAborted)).CloseStatus.HasValue)
        {
            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
        }
    });
}
