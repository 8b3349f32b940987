using System;
using System.Collections.Generic;

namespace WsResilience.AspNetCore;

/// <summary>Whether a browser's <c>Origin</c> header names one of <see cref="WebSocketTrackingOptions.AllowedOrigins"/>.</summary>
internal static class OriginPolicy
{
    public static bool Allows(IList<string> allowedOrigins, string origin)
    {
        if (allowedOrigins.Count == 0)
        {
            return true;
        }

        var requested = origin.AsSpan().TrimEnd('/');
        foreach (var allowed in allowedOrigins)
        {
            if (requested.Equals(allowed.AsSpan().TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
