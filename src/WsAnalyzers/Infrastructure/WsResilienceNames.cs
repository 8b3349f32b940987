using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// Metadata names of the WsResilience helpers. The analyzers never reference that assembly: they find
/// its types by name, so the helpers light up only in projects that reference the package.
/// </summary>
internal static class WsResilienceNames
{
    private const string Namespace = "WsResilience";

    private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> s_mayHaveTypes = new();

    public const string WebSocketExtensions = "WsResilience.WebSocketExtensions";
    public const string CloseOrAbortAsync = "CloseOrAbortAsync";
    public const string WebSocketHeartbeat = "WsResilience.WebSocketHeartbeat";
    public const string HeartbeatConfigure = "Configure";
    public const string HeartbeatWatch = "Watch";

    /// <summary><c>WebSocketClosure.From(WebSocket socket, Exception? error = null)</c> classifies how a connection ended.</summary>
    public const string WebSocketClosure = "WsResilience.WebSocketClosure";
    public const string WebSocketClosureFrom = "From";
    public const string WebSocketClosureIsAbnormal = "IsAbnormal";
    public const string WebSocketClosureCode = "Code";

    /// <summary>The options of WsResilience's reconnecting client, whose heartbeat is always on for the sockets its factory makes.</summary>
    public const string ReconnectingWebSocketOptions = "WsResilience.ReconnectingWebSocketOptions";

    public const string ReconnectBackoff = "WsResilience.ReconnectBackoff";
    public const string ReconnectBackoffNextDelay = "NextDelay";
    /// <summary>Starts the stability window: the attempt counter resets only once the connection has lasted.</summary>
    public const string ReconnectBackoffRecordConnected = "RecordConnected";

    /// <summary>WsResilience.AspNetCore's accept helpers: <c>AcceptTrackedWebSocketAsync(this HttpContext, string? subProtocol = null)</c>.</summary>
    public const string HttpContextWebSocketExtensions = "WsResilience.AspNetCore.HttpContextWebSocketExtensions";
    public const string AcceptTrackedWebSocketAsync = "AcceptTrackedWebSocketAsync";

    /// <summary>Registers the tracker that closes every tracked socket with 1001 when the application stops.</summary>
    public const string AddWebSocketTracking = "AddWebSocketTracking";
    public const string WebSocketConnectionTracker = "WsResilience.AspNetCore.WebSocketConnectionTracker";

    /// <summary>
    /// A WsResilience type, or null in a project that references no WsResilience assembly and is not one: the
    /// reference list is read once per compilation, which spares a look through every reference per name.
    /// </summary>
    public static INamedTypeSymbol? FindType(Compilation compilation, string metadataName)
    {
        return MayHaveTypes(compilation) ? compilation.GetBestTypeByMetadataName(metadataName) : null;
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static bool MayHaveTypes(Compilation compilation)
    {
        if (s_mayHaveTypes.TryGetValue(compilation, out var known))
        {
            return known.Value;
        }

        var found = IsWsResilience(compilation.AssemblyName);
        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            found |= IsWsResilience(reference.Name);
        }

        return s_mayHaveTypes.AddOrKeep(compilation, new StrongBox<bool>(found)).Value;
    }

    private static bool IsWsResilience(string? assemblyName) =>
        assemblyName is not null && assemblyName.StartsWith(Namespace, StringComparison.Ordinal);
}
