using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// The idle timeout WS0008 assumes for the proxies and load balancers in front of a WebSocket connection:
/// 60 seconds (nginx's <c>proxy_read_timeout</c>, the AWS Application Load Balancer's idle timeout), or
/// <c>ws_analyzers.proxy_idle_timeout</c> in <c>.editorconfig</c>: seconds (<c>350</c>), with a unit
/// (<c>90s</c>, <c>5m</c>, <c>1h</c>), or a <c>TimeSpan</c> (<c>00:05:50</c>).
/// </summary>
internal readonly struct ProxyIdleTimeout
{
    public const string OptionKey = "ws_analyzers.proxy_idle_timeout";

    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    private ProxyIdleTimeout(TimeSpan value, string? invalidSetting)
    {
        Value = value;
        InvalidSetting = invalidSetting;
    }

    public TimeSpan Value { get; }

    /// <summary>The setting as written, when it is not a positive duration (the default stands in for it).</summary>
    public string? InvalidSetting { get; }

    public static ProxyIdleTimeout Read(AnalyzerOptions options, SyntaxTree tree)
    {
        if (!options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(OptionKey, out var setting)
            || string.IsNullOrWhiteSpace(setting))
        {
            return new ProxyIdleTimeout(Default, invalidSetting: null);
        }

        return Parse(setting) is { } value && value > TimeSpan.Zero
            ? new ProxyIdleTimeout(value, invalidSetting: null)
            : new ProxyIdleTimeout(Default, setting.Trim());
    }

    public static TimeSpan? Parse(string setting)
    {
        var text = setting.Trim().ToLowerInvariant();
        if (text.Contains(":"))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
        }

        var (number, unitSeconds) = text.EndsWith("ms", StringComparison.Ordinal) ? (text.Substring(0, text.Length - 2), 0.001)
            : text.EndsWith("s", StringComparison.Ordinal) ? (text.Substring(0, text.Length - 1), 1.0)
            : text.EndsWith("m", StringComparison.Ordinal) ? (text.Substring(0, text.Length - 1), 60.0)
            : text.EndsWith("h", StringComparison.Ordinal) ? (text.Substring(0, text.Length - 1), 3600.0)
            : (text, 1.0);
        return double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            && !double.IsNaN(amount) && !double.IsInfinity(amount) && amount * unitSeconds < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(amount * unitSeconds)
            : null;
    }

    /// <summary>What a message says of the timeout: its value, and where it comes from when not the default.</summary>
    public string Describe()
    {
        var text = Format(Value);
        return InvalidSetting is not null
            ? $"the proxies' idle timeout ({text}; {OptionKey} = '{InvalidSetting}' is not a positive duration, so the default applies)"
            : Value == Default ? $"the proxies' idle timeout ({text} by default in nginx and AWS load balancers)" : $"the proxies' idle timeout ({text}, {OptionKey})";
    }

    /// <summary>An interval well below the timeout: half of it, at most 30 seconds, in whole seconds when it is one or more.</summary>
    public TimeSpan SuggestedInterval()
    {
        var half = TimeSpan.FromTicks(Value.Ticks / 2);
        var suggested = half < TimeSpan.FromSeconds(30) ? half : TimeSpan.FromSeconds(30);
        return suggested >= TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(Math.Floor(suggested.TotalSeconds)) : suggested;
    }

    public static string Format(TimeSpan value)
    {
        if (value.TotalSeconds < 1)
        {
            return value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
        }

        if (value.Ticks % TimeSpan.TicksPerMinute == 0 && value.TotalMinutes >= 2)
        {
            return value.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " minutes";
        }

        return value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
    }
}
