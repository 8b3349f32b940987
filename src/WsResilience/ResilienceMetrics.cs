using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WsResilience;

/// <summary>
/// The <c>WsResilience</c> meter. Instrument and tag names are part of the public contract (see the README).
/// </summary>
internal static class ResilienceMetrics
{
    public const string MeterName = "WsResilience";
    public const string ClientTag = "wsresilience.client";
    public const string ClosureKindTag = "wsresilience.closure.kind";
    public const string CloseCodeTag = "wsresilience.close.code";
    public const string DropReasonTag = "wsresilience.drop.reason";

    private static readonly Meter Meter = new(MeterName, typeof(ResilienceMetrics).Assembly.GetName().Version?.ToString());

    public static readonly UpDownCounter<long> ActiveConnections = Meter.CreateUpDownCounter<long>(
        "wsresilience.connections.active", "{connection}", "Connections currently open.");

    public static readonly Counter<long> Disconnects = Meter.CreateCounter<long>(
        "wsresilience.disconnects", "{disconnect}", "Connections that ended, by closure kind and close code.");

    public static readonly Counter<long> ReconnectAttempts = Meter.CreateCounter<long>(
        "wsresilience.reconnect.attempts", "{attempt}", "Connection attempts made after a failure or a disconnect.");

    public static readonly Histogram<double> ReconnectDelay = Meter.CreateHistogram<double>(
        "wsresilience.reconnect.delay", "s", "The backoff delay waited before each reconnect attempt.");

    public static readonly Histogram<double> TimeToReconnect = Meter.CreateHistogram<double>(
        "wsresilience.reconnect.duration", "s", "Time from losing a connection to having a new one.");

    public static readonly Counter<long> MessagesQueued = Meter.CreateCounter<long>(
        "wsresilience.messages.queued", "{message}", "Outbound messages accepted into the queue.");

    public static readonly Counter<long> MessagesDropped = Meter.CreateCounter<long>(
        "wsresilience.messages.dropped", "{message}", "Outbound messages that will not be sent, by reason.");

    public static readonly Counter<long> ReceivedDropped = Meter.CreateCounter<long>(
        "wsresilience.messages.received_dropped", "{message}", "Received messages dropped unread because the inbound queue was full.");

    public static TagList ClientTags(string? clientName)
    {
        var tags = default(TagList);
        if (clientName is not null)
        {
            tags.Add(ClientTag, clientName);
        }

        return tags;
    }

    public static void RecordDisconnect(string? clientName, WebSocketClosure closure)
    {
        var tags = ClientTags(clientName);
        tags.Add(ClosureKindTag, closure.Kind.ToString());
        tags.Add(CloseCodeTag, closure.Code);
        Disconnects.Add(1, tags);
    }

    public static void RecordDropped(string? clientName, MessageDropReason reason)
    {
        var tags = ClientTags(clientName);
        tags.Add(DropReasonTag, reason.ToString());
        MessagesDropped.Add(1, tags);
    }
}
