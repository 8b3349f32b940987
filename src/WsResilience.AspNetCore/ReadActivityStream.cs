using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace WsResilience.AspNetCore;

/// <summary>
/// The upgraded connection's stream, watched: how long a read has been waiting without a byte arriving, and
/// how long since the last byte. The WebSocket consumes pongs inside <c>ReceiveAsync</c> and never reports them,
/// but it reads them from this stream, so every frame a live client sends (pongs included) shows here: the
/// .NET 8 liveness limit is built on it, and on .NET 9+ it tells the runtime's keep-alive timeout from other aborts.
/// </summary>
internal sealed class ReadActivityStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeProvider _timeProvider;
    private int _pendingReads;
    private long _quietSince;
    private long _lastByte;

    public ReadActivityStream(Stream inner, TimeProvider timeProvider)
    {
        _inner = inner;
        _timeProvider = timeProvider;
        _quietSince = timeProvider.GetTimestamp();
        _lastByte = _quietSince;
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// How long a read has been waiting with nothing arriving; <see cref="TimeSpan.Zero"/> when no read is
    /// pending, because a socket nobody receives on says nothing about its peer.
    /// </summary>
    public TimeSpan QuietFor =>
        Volatile.Read(ref _pendingReads) > 0 ? _timeProvider.GetElapsedTime(Volatile.Read(ref _quietSince)) : TimeSpan.Zero;

    /// <summary>How long ago the last byte arrived (or the upgrade, when none did), whether a read is pending or not.</summary>
    public TimeSpan SinceLastByte => _timeProvider.GetElapsedTime(Volatile.Read(ref _lastByte));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _pendingReads) == 1)
        {
            Volatile.Write(ref _quietSince, _timeProvider.GetTimestamp());
        }

        try
        {
            var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                var now = _timeProvider.GetTimestamp();
                Volatile.Write(ref _quietSince, now);
                Volatile.Write(ref _lastByte, now);
            }

            return read;
        }
        finally
        {
            Interlocked.Decrement(ref _pendingReads);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        => _inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
