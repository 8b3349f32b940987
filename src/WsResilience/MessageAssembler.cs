using System;
using System.Buffers;
using System.Net.WebSockets;

namespace WsResilience;

/// <summary>
/// Joins received fragments into whole messages and enforces the size limit. A message that arrives in one
/// read is copied once; fragmented ones grow in a pooled buffer.
/// </summary>
internal sealed class MessageAssembler : IDisposable
{
    private readonly int _maxMessageSize;
    private byte[]? _pending;
    private int _length;

    public MessageAssembler(int maxMessageSize) => _maxMessageSize = maxMessageSize;

    /// <summary>Adds a fragment.</summary>
    /// <returns><see langword="false"/> when the message grew past the limit (the partial message is discarded).</returns>
    public bool TryAppend(ReadOnlySpan<byte> fragment, bool endOfMessage, WebSocketMessageType type, out WebSocketMessage? message)
    {
        message = null;
        if ((long)_length + fragment.Length > _maxMessageSize)
        {
            Release();
            return false;
        }

        if (_length == 0 && endOfMessage)
        {
            message = new WebSocketMessage(type, fragment.ToArray());
            return true;
        }

        EnsureRoom(fragment.Length);
        fragment.CopyTo(_pending.AsSpan(_length));
        _length += fragment.Length;
        if (endOfMessage)
        {
            message = new WebSocketMessage(type, _pending.AsSpan(0, _length).ToArray());
            Release();
        }

        return true;
    }

    public void Dispose() => Release();

    private void EnsureRoom(int additional)
    {
        var needed = _length + additional;
        if (_pending is not null && _pending.Length >= needed)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, (_pending?.Length ?? 0) * 2));
        if (_pending is not null)
        {
            _pending.AsSpan(0, _length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_pending);
        }

        _pending = grown;
    }

    private void Release()
    {
        if (_pending is not null)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = null;
        }

        _length = 0;
    }
}
