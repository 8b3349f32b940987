using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// A WS0007 accept written <c>httpContext.WebSockets.AcceptWebSocketAsync(…)</c>: the HttpContext it goes through, and,
/// when the socket lands in a local of its own (<c>var socket = await …;</c>), that local and its statement.
/// </summary>
internal sealed class AcceptSite
{
    private AcceptSite(InvocationExpressionSyntax invocation, ExpressionSyntax httpContext, IMethodSymbol accept)
    {
        Invocation = invocation;
        HttpContext = httpContext;
        Accept = accept;
    }

    public InvocationExpressionSyntax Invocation { get; }

    /// <summary>The expression before <c>.WebSockets</c>, an <c>HttpContext</c>.</summary>
    public ExpressionSyntax HttpContext { get; }

    public IMethodSymbol Accept { get; }

    /// <summary>The declaration statement whose only variable receives the awaited socket, or null.</summary>
    public LocalDeclarationStatementSyntax? Declaration { get; private set; }

    public SyntaxToken Socket { get; private set; }

    public static AcceptSite? Find(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
            || invocation.Span != diagnostic.Location.SourceSpan
            || invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AcceptWebSocketAsync", Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WebSockets" } webSockets }
            || semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol accept
            || !IsHttpContext(semanticModel.GetTypeInfo(webSockets.Expression, cancellationToken).Type))
        {
            return null;
        }

        var site = new AcceptSite(invocation, webSockets.Expression, accept);
        ExpressionSyntax awaited = invocation;
        if (awaited.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configureAwait })
        {
            awaited = configureAwait;
        }

        if (awaited.Parent is AwaitExpressionSyntax
            {
                Parent: EqualsValueClauseSyntax
                {
                    Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration } } declarator,
                },
            }
            && declaration.Parent is BlockSyntax or GlobalStatementSyntax)
        {
            site.Declaration = declaration;
            site.Socket = declarator.Identifier;
        }

        return site;
    }

    /// <summary>
    /// The HttpContext can be written again without running anything twice: a name, <c>this</c>, or a chain of
    /// member accesses on one (<c>HttpContext</c> in a controller, <c>_accessor.HttpContext</c>).
    /// </summary>
    public bool HasPlainHttpContext => IsPlain(HttpContext);

    private static bool IsPlain(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsPlain(access.Expression),
        _ => false,
    };

    private static bool IsHttpContext(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is { Name: "HttpContext" } && current.ContainingNamespace.ToDisplayString() == "Microsoft.AspNetCore.Http")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The accept takes nothing or only the sub-protocol, as <c>AcceptTrackedWebSocketAsync(string? subProtocol = null)</c> does.</summary>
    public bool TakesAtMostASubProtocol =>
        Accept.Parameters.Length == 0
        || (Accept.Parameters.Length == 1 && Accept.Parameters.Single().Type.SpecialType == SpecialType.System_String);
}
