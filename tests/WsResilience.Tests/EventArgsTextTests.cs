using System;
using System.Net.WebSockets;

namespace WsResilience.Tests;

/// <summary>Event data printed in a log line says what happened, not its type name.</summary>
public sealed class EventArgsTextTests
{
    [Fact]
    public void Connected_says_where_which_attempt_and_how_long_it_was_down()
    {
        Assert.Equal("connected to ws://example.test/feed (attempt 2, down for 00:00:03)", new ConnectedEventArgs(new Uri("ws://example.test/feed"), 2, TimeSpan.FromSeconds(3)).ToString());
        Assert.Equal("connected to ws://example.test/feed (attempt 0)", new ConnectedEventArgs(new Uri("ws://example.test/feed"), 0, null).ToString());
    }

    [Fact]
    public void Disconnected_says_how_and_whether_the_client_reconnects()
    {
        Assert.Equal("1000 Normal: bye; not reconnecting", new DisconnectedEventArgs(WebSocketClosure.FromCloseCode(1000, "bye"), willReconnect: false).ToString());
        Assert.Equal("1001 GoingAway; reconnecting", new DisconnectedEventArgs(WebSocketClosure.FromCloseCode(1001), willReconnect: true).ToString());
    }

    [Fact]
    public void Reconnecting_says_the_attempt_the_delay_and_the_previous_error()
    {
        Assert.Equal("attempt 3 in 00:00:01.5000000 after TimeoutException: slow", new ReconnectingEventArgs(3, TimeSpan.FromSeconds(1.5), new TimeoutException("slow")).ToString());
        Assert.Equal("attempt 1 in 00:00:00.2500000", new ReconnectingEventArgs(1, TimeSpan.FromMilliseconds(250), null).ToString());
    }

    [Fact]
    public void MessageDropped_says_the_type_the_size_and_the_reason()
    {
        Assert.Equal("Text message of 5 bytes dropped (Stopped)", new MessageDroppedEventArgs(WebSocketMessageType.Text, new byte[5], MessageDropReason.Stopped).ToString());
    }
}
