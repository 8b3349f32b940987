using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// Well-known wrapper libraries whose own watchdog detects a dead peer for the sockets handed to them. Recognised by
/// metadata name, or by name alone when the package is not restored yet (the type does not resolve).
/// </summary>
/// <remarks>
/// WsResilience's <c>ReconnectingWebSocket</c> always watches its connection (KeepAliveTimeout on .NET 9 and later, a
/// receive watchdog or a liveness probe on .NET 8). Websocket.Client's <c>WebsocketClient</c> restarts the connection when no message arrived within
/// <c>ReconnectTimeout</c> (1 minute by default); setting it to <c>null</c> turns the watchdog off.
/// </remarks>
internal static class WatchdogWrappers
{
    private const string WebsocketClientName = "WebsocketClient";
    private const string WebsocketClientNamespace = "Websocket.Client";
    private const string WatchdogTimeout = "ReconnectTimeout";

    /// <summary>
    /// A resolved <c>new WebsocketClient(…)</c> whose watchdog is not turned off in its initializer, or WsResilience's
    /// <c>ReconnectingWebSocketOptions</c>, whose client always runs a heartbeat on the sockets its factory makes.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public static bool WatchesHandedSockets(IObjectCreationOperation creation)
    {
        if (creation.Type is INamedTypeSymbol resilience
            && resilience.ToDisplayString() == WsResilienceNames.ReconnectingWebSocketOptions)
        {
            return true;
        }

        if (creation.Type is not INamedTypeSymbol { Name: WebsocketClientName } type
            || type.ContainingNamespace?.ToDisplayString() != WebsocketClientNamespace)
        {
            return false;
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var entry in initializer.Initializers)
            {
                if (entry is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: WatchdogTimeout } } assignment
                    && assignment.Value.IsNullConstant())
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The same creation when the package is not restored: an unresolved <c>WebsocketClient</c> in a file that imports its namespace.</summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public static bool WatchesHandedSockets(IInvalidOperation invalid)
    {
        if (invalid.Syntax is not BaseObjectCreationExpressionSyntax creation
            || creation is not ObjectCreationExpressionSyntax { Type: var typeSyntax }
            || NameOf(typeSyntax) != WebsocketClientName
            || !ImportsNamespace(creation.SyntaxTree.GetRoot() as CompilationUnitSyntax, creation))
        {
            return false;
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var expression in initializer.Expressions)
            {
                if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: WatchdogTimeout }, Right: LiteralExpressionSyntax literal }
                    && literal.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.NullLiteralExpression))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string? NameOf(TypeSyntax type)
    {
        return type switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            _ => null,
        };
    }

    private static bool ImportsNamespace(CompilationUnitSyntax? unit, SyntaxNode node)
    {
        if (unit is null)
        {
            return false;
        }

        foreach (var directive in unit.Usings)
        {
            if (directive.Name?.ToString() == WebsocketClientNamespace)
            {
                return true;
            }
        }

        for (var parent = node.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is BaseNamespaceDeclarationSyntax ns)
            {
                if (ns.Name.ToString() == WebsocketClientNamespace)
                {
                    return true;
                }

                foreach (var directive in ns.Usings)
                {
                    if (directive.Name?.ToString() == WebsocketClientNamespace)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
