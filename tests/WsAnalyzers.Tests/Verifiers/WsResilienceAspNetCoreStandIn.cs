using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.Tests.Verifiers;

/// <summary>
/// A STAND-IN for the WsResilience.AspNetCore assembly, which is being written on another branch: its public
/// signatures that WS0007 and its fix rely on, compiled into a metadata reference as the real package would be.
/// Swap it for the real assembly once that package is on main.
/// </summary>
public static class WsResilienceAspNetCoreStandIn
{
    private const string Source = """
        using System;
        using System.Net.WebSockets;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        namespace WsResilience.AspNetCore;

        public static class HttpContextWebSocketExtensions
        {
            public static Task<WebSocket> AcceptTrackedWebSocketAsync(this HttpContext context, string? subProtocol = null) =>
                throw new NotSupportedException("A test stand-in.");
        }

        public static class WebSocketTrackingServiceCollectionExtensions
        {
            public static IServiceCollection AddWebSocketTracking(this IServiceCollection services) =>
                throw new NotSupportedException("A test stand-in.");
        }

        public sealed class WebSocketConnectionTracker
        {
            public int Count => throw new NotSupportedException("A test stand-in.");
        }
        """;

    private static readonly Lazy<Task<MetadataReference>> s_reference = new(() => TestAssemblies.CompileAsync("WsResilience.AspNetCore", Source), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The stand-in, compiled against the .NET 9 and ASP.NET Core 9 reference assemblies.</summary>
    public static Task<MetadataReference> ReferenceAsync() => s_reference.Value;
}
