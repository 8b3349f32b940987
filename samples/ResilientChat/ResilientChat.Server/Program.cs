using System;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResilientChat.Server;

var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5080;
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
var app = builder.Build();

// Server pings keep idle connections alive through proxies and feed the .NET 8 client watchdog.
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(5) });
var room = new ChatRoom();
var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
lifetime.ApplicationStopping.Register(() => room.CloseAllAsync().GetAwaiter().GetResult());

app.Map("/chat", async context =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    var name = context.Request.Query["name"].ToString();
    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    await room.JoinAsync(socket, string.IsNullOrWhiteSpace(name) ? "anonymous" : name, lifetime.ApplicationStopping);
});

Console.WriteLine($"Chat server on ws://127.0.0.1:{port}/chat. Ctrl+C stops it politely (1001); kill -9 drops everyone (1006).");
await app.RunAsync();
