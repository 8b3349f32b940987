using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// Whether anything in the compilation may end WebSocket sessions when the application stops: a mention of
/// <c>ApplicationStopping</c> (IHostApplicationLifetime, or the obsolete IApplicationLifetime), WsResilience.AspNetCore's
/// tracking, or a hosted service whose stopping path closes, aborts or cancels something. Decided once per
/// compilation, and only when WS0007 has found an accept: a compilation without one never pays for it.
/// </summary>
/// <remarks>
/// It reads the files' text and the declaration table, binding nothing: the link to the sessions can be anywhere
/// (a field holding the lifetime, a connection manager in another file, a callback registered at startup), and the
/// rule errs toward silence, so any such mention counts, even one in a comment.
/// </remarks>
internal static class ShutdownCloseEvidence
{
    private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> s_found = new();

    private static readonly string[] s_lifetimeTypes =
    {
        "Microsoft.Extensions.Hosting.IHostApplicationLifetime",
        "Microsoft.Extensions.Hosting.IApplicationLifetime",
        "Microsoft.AspNetCore.Hosting.IApplicationLifetime",
    };

    private static readonly string[] s_trackingNames =
    {
        WsResilienceNames.AcceptTrackedWebSocketAsync,
        WsResilienceNames.AddWebSocketTracking,
        "WebSocketConnectionTracker",
    };

    /// <summary>The members through which a hosted service stops (IHostedService, IHostedLifecycleService, BackgroundService).</summary>
    private static readonly string[] s_stoppingMembers = { "StopAsync", "StoppingAsync", "ExecuteAsync" };

    /// <summary>
    /// Words in the name of a call that ends something: a close, an abort, a cancellation, a disconnect, or the stop of
    /// a server that owns the sessions (MQTTnet's hosted server stops its MQTT server, which closes every channel).
    /// </summary>
    private static readonly string[] s_endingWords = { "Close", "Abort", "Cancel", "Disconnect", "Stop", "Shutdown" };

    public static bool Exists(Compilation compilation, CancellationToken cancellationToken)
    {
        if (s_found.TryGetValue(compilation, out var known))
        {
            return known.Value;
        }

        var found = Find(compilation, cancellationToken);
        return s_found.AddOrKeep(compilation, new StrongBox<bool>(found)).Value;
    }

    private static bool Find(Compilation compilation, CancellationToken cancellationToken)
    {
        var hasLifetime = Array.Exists(s_lifetimeTypes, name => compilation.GetBestTypeByMetadataName(name) is not null);
        var hasTracking = WsResilienceNames.FindType(compilation, WsResilienceNames.HttpContextWebSocketExtensions) is not null
            || WsResilienceNames.FindType(compilation, WsResilienceNames.WebSocketConnectionTracker) is not null;
        var mayHaveHostedService = false;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var text = TreeText.Of(tree, cancellationToken);
            if ((hasLifetime && Contains(text, "ApplicationStopping"))
                || (hasTracking && Array.Exists(s_trackingNames, name => Contains(text, name))))
            {
                return true;
            }

            mayHaveHostedService |= Array.Exists(s_stoppingMembers, name => Contains(text, name));
        }

        return mayHaveHostedService && HostedServiceEndsSomethingOnStop(compilation, cancellationToken);
    }

    private static bool HostedServiceEndsSomethingOnStop(Compilation compilation, CancellationToken cancellationToken)
    {
        var hostedService = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Hosting.IHostedService");
        if (hostedService is null)
        {
            return false;
        }

        foreach (var name in s_stoppingMembers)
        {
            foreach (var symbol in SourceCode.For(compilation).MembersNamed(name, cancellationToken))
            {
                if (symbol is IMethodSymbol method
                    && method.ContainingType.AllInterfaces.Contains(hostedService, SymbolEqualityComparer.Default)
                    && CallsSomethingThatEnds(method, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A call in the method's body, lambdas included, whose name says it closes, aborts, cancels, disconnects or stops:
    /// <c>socket.CloseOutputAsync(…)</c>, <c>_sessions.CloseAllAsync()</c>, <c>_cts.Cancel()</c>, <c>_server.StopAsync()</c>.
    /// <c>base.StopAsync(…)</c> does not count: every BackgroundService that overrides StopAsync calls it.
    /// </summary>
    private static bool CallsSomethingThatEnds(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation
                    && invocation.Expression is not MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax }
                    && CalledName(invocation.Expression) is { } called
                    && Array.Exists(s_endingWords, word => Contains(called, word)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string? CalledName(ExpressionSyntax callee) => callee switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    private static bool Contains(string text, string word) => text.IndexOf(word, StringComparison.Ordinal) >= 0;
}
