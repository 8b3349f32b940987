using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WsResilience.Tests.Infrastructure;

namespace WsResilience.AspNetCore.Tests.Infrastructure;

/// <summary>Hands the tracker's log category to one <see cref="CapturingLogger"/>; every other category is dropped.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public const string TrackerCategory = "WsResilience.AspNetCore.WebSocketConnectionTracker";

    private readonly CapturingLogger _logger;

    public CapturingLoggerProvider(CapturingLogger logger) => _logger = logger;

    public ILogger CreateLogger(string categoryName) => categoryName == TrackerCategory ? _logger : NullLogger.Instance;

    public void Dispose()
    {
    }
}
