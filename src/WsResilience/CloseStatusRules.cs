using System;
using System.Net.WebSockets;
using System.Text;

namespace WsResilience;

/// <summary>
/// The close codes and reasons the runtime refuses to put on the wire, checked up front so that a
/// caller's mistake surfaces as an argument error instead of tearing down a healthy connection.
/// </summary>
internal static class CloseStatusRules
{
    /// <summary>RFC 6455 §5.5: a control frame payload is at most 125 bytes, two of them the code.</summary>
    internal const int MaxReasonBytes = 123;

    /// <summary>
    /// 1005 (<see cref="WebSocketCloseStatus.Empty"/>): "no status received". Reserved: .NET writes it into
    /// the close frame as is, and a conforming peer (the runtime's own included) fails the connection with 1002.
    /// </summary>
    internal const int NoStatusReceived = 1005;

    /// <summary>1006: abnormal closure. Reserved: reported locally, never sent.</summary>
    internal const int AbnormalClosure = 1006;

    /// <summary>1015: TLS handshake failure. Reserved: reported locally, never sent.</summary>
    internal const int TlsHandshakeFailure = 1015;

    internal static void Validate(WebSocketCloseStatus status, string? description, string statusParameterName, string descriptionParameterName)
    {
        var code = (int)status;
        if (code is < 1000 or > ushort.MaxValue || code is NoStatusReceived or AbnormalClosure or TlsHandshakeFailure)
        {
            throw new ArgumentException(
                $"Close status {code} cannot be sent: codes below 1000, 1005 (no status), 1006 (abnormal closure) and 1015 (TLS failure) are reserved for local reporting, and a close code must fit in 16 bits.",
                statusParameterName);
        }

        if (!string.IsNullOrEmpty(description) && Encoding.UTF8.GetByteCount(description) > MaxReasonBytes)
        {
            throw new ArgumentException(
                $"A close description is limited to {MaxReasonBytes} UTF-8 bytes.",
                descriptionParameterName);
        }
    }
}
