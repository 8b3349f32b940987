using System.Linq;
using Microsoft.Extensions.Options;

namespace WsResilience.AspNetCore;

/// <summary>Fails the host's start (ValidateOnStart) with every invalid setting named, rather than the first accept.</summary>
internal sealed class WebSocketTrackingOptionsValidator : IValidateOptions<WebSocketTrackingOptions>
{
    public ValidateOptionsResult Validate(string? name, WebSocketTrackingOptions options)
    {
        var failures = options.Validate().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
