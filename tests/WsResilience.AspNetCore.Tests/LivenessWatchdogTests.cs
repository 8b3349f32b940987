#if !NET9_0_OR_GREATER
using System;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace WsResilience.AspNetCore.Tests;

/// <summary>
/// The .NET 8 liveness limit on a clock the test moves: a peer that answers pings (any byte counts) is never
/// cut off, a silent one is at exactly the limit, and a socket nobody receives on is not judged at all.
/// </summary>
public sealed class LivenessWatchdogTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(55);
    private static readonly byte[] Pong = [0x8A, 0x00];

    private readonly FakeTimeProvider _clock = new();
    private readonly Pipe _peer = new();
    private readonly ReadActivityStream _stream;
    private readonly LivenessWatchdog _watchdog;
    private TimeoutException? _fired;

    public LivenessWatchdogTests()
    {
        _stream = new ReadActivityStream(_peer.Reader.AsStream(), _clock);
        _watchdog = new LivenessWatchdog(_stream, Limit, _clock, timeout => _fired = timeout);
    }

    public void Dispose() => _watchdog.Dispose();

    [Fact]
    public async Task A_peer_that_answers_every_ping_is_never_cut_off()
    {
        for (var ping = 0; ping < 10; ping++)
        {
            var read = _stream.ReadAsync(new byte[8]).AsTask();
            _clock.Advance(TimeSpan.FromSeconds(25));
            await _peer.Writer.WriteAsync(Pong);
            Assert.Equal(2, await read);
        }

        Assert.Null(_fired);
    }

    [Fact]
    public void A_silent_peer_is_cut_off_at_the_limit_and_not_before()
    {
        _ = _stream.ReadAsync(new byte[8]).AsTask();

        _clock.Advance(Limit - TimeSpan.FromMilliseconds(1));
        Assert.Null(_fired);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.NotNull(_fired);
        Assert.Equal(
            "No frame (not even a pong) arrived for 55 s (KeepAliveInterval + KeepAliveTimeout) while a receive was pending; the peer is treated as gone.",
            _fired.Message);
    }

    [Fact]
    public async Task The_count_restarts_when_a_receive_starts_after_a_pause()
    {
        // Nobody receives for a long while: no judgement, since nothing is read from the peer.
        _clock.Advance(Limit * 3);
        Assert.Null(_fired);

        var read = _stream.ReadAsync(new byte[8]).AsTask();
        _clock.Advance(Limit - TimeSpan.FromSeconds(1));
        Assert.Null(_fired);
        await _peer.Writer.WriteAsync(Pong);
        Assert.Equal(2, await read);

        _ = _stream.ReadAsync(new byte[8]).AsTask();
        _clock.Advance(Limit - TimeSpan.FromSeconds(1));
        Assert.Null(_fired);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(_fired);
    }
}
#endif
