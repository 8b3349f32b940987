using System;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace WsResilience.AspNetCore.Tests;

public class ReadActivityStreamTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly Pipe _peer = new();

    [Fact]
    public async Task Only_time_with_a_read_pending_counts_as_quiet()
    {
        var stream = new ReadActivityStream(_peer.Reader.AsStream(), _clock);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, stream.QuietFor);
        Assert.Equal(TimeSpan.FromSeconds(10), stream.SinceLastByte);

        var read = stream.ReadAsync(new byte[8]).AsTask();
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), stream.QuietFor);

        await _peer.Writer.WriteAsync(new byte[] { 0x8A, 0x00 });
        Assert.Equal(2, await read);
        Assert.Equal(TimeSpan.Zero, stream.QuietFor);
        Assert.Equal(TimeSpan.Zero, stream.SinceLastByte);
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.FromSeconds(4), stream.SinceLastByte);
    }
}
