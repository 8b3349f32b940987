namespace WsResilience.AspNetCore;

/// <summary>
/// The <c>kind</c> tag of the closed-connections counter and the logs: what an operator watching a drop
/// rate needs to tell apart, derived from <see cref="WebSocketClosure"/>'s finer classification.
/// </summary>
internal static class ClosureKinds
{
    public const string Normal = "normal";
    public const string GoingAway = "going_away";
    public const string Abnormal = "abnormal";
    public const string HeartbeatTimeout = "heartbeat_timeout";
    public const string Other = "other";

    public static string Of(WebSocketClosure closure) => closure.Kind switch
    {
        WebSocketClosureKind.Normal => Normal,
        WebSocketClosureKind.GoingAway => GoingAway,
        WebSocketClosureKind.KeepAliveTimeout => HeartbeatTimeout,
        _ when closure.IsAbnormal => Abnormal,
        _ => Other,
    };
}
