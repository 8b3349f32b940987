using System;

namespace WsResilience;

/// <summary>What the client's receive loop needs from a dead-peer detector that aborts the socket.</summary>
internal interface IReceiveWatch : IDisposable
{
    /// <summary>Whether the detector aborted the socket because the peer was taken as dead.</summary>
    bool HasExpired { get; }

    /// <summary>Why the peer was taken as dead, for the closure's <see cref="TimeoutException"/>.</summary>
    string ExpiredReason { get; }

    /// <summary>Called after every completed receive.</summary>
    void NotifyReceived();
}
