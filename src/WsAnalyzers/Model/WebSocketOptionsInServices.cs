using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// Whether the compilation may configure ASP.NET Core's <c>WebSocketOptions</c> through dependency injection
/// (<c>services.AddWebSockets(o =&gt; …)</c>, <c>Configure&lt;WebSocketOptions&gt;(…)</c>), which the parameterless
/// <c>UseWebSockets()</c> reads. Found by the text of the compilation's files, once per compilation, and asked only
/// when a parameterless <c>UseWebSockets()</c> is about to be reported.
/// </summary>
internal static class WebSocketOptionsInServices
{
    private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> s_configured = new();

    public static bool MayBeConfigured(Compilation compilation, CancellationToken cancellationToken)
    {
        if (s_configured.TryGetValue(compilation, out var known))
        {
            return known.Value;
        }

        var found = false;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var text = tree.GetText(cancellationToken).ToString();
            if (text.IndexOf("AddWebSockets", StringComparison.Ordinal) >= 0
                || text.IndexOf("WebSocketOptions>", StringComparison.Ordinal) >= 0)
            {
                found = true;
                break;
            }
        }

        return s_configured.AddOrKeep(compilation, new StrongBox<bool>(found)).Value;
    }
}
