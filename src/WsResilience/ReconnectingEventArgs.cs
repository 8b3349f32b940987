using System;

namespace WsResilience;

/// <summary>Data for <see cref="ReconnectingWebSocket.Reconnecting"/>.</summary>
public sealed class ReconnectingEventArgs : EventArgs
{
    internal ReconnectingEventArgs(int attempt, TimeSpan delay, Exception? connectError)
    {
        Attempt = attempt;
        Delay = delay;
        ConnectError = connectError;
    }

    /// <summary>The attempt about to be made after the delay, counting from 1 after the last stable connection.</summary>
    public int Attempt { get; }

    /// <summary>How long the client waits before the attempt.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Why the previous connection attempt failed, or <see langword="null"/> when a connection ended instead.</summary>
    public Exception? ConnectError { get; }

    /// <summary>Describes the wait for logs, as "attempt N in T" and the previous attempt's error, if any.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => ConnectError is { } error
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"attempt {Attempt} in {Delay} after {error.GetType().Name}: {error.Message}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"attempt {Attempt} in {Delay}");
}
