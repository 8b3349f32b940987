using System;

namespace WsResilience;

/// <summary>Data for <see cref="ReconnectingWebSocket.Connected"/>.</summary>
public sealed class ConnectedEventArgs : EventArgs
{
    internal ConnectedEventArgs(Uri uri, int attempt, TimeSpan? downtime)
    {
        Uri = uri;
        Attempt = attempt;
        Downtime = downtime;
    }

    /// <summary>The address the connection was made to.</summary>
    public Uri Uri { get; }

    /// <summary>The attempt that succeeded, as in <see cref="WebSocketConnectionRequest.Attempt"/>.</summary>
    public int Attempt { get; }

    /// <summary>How long the client was disconnected before this connection; <see langword="null"/> for the first one.</summary>
    public TimeSpan? Downtime { get; }

    /// <summary>Describes the connection for logs, as "connected to URI (attempt N, down for T)".</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => Downtime is { } down
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"connected to {Uri} (attempt {Attempt}, down for {down})")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"connected to {Uri} (attempt {Attempt})");
}
