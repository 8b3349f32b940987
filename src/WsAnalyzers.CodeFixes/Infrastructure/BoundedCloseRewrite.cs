using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace WsAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// A <c>CloseAsync</c> given a time limit in the BCL alone: a <c>CancellationTokenSource</c> that cancels after
/// <see cref="TimeoutSeconds"/> (linked to the original token when that is one a caller may cancel), the close with
/// its token, and <c>Abort()</c> when the limit passes or the socket was already aborted. It is the shape WS0003 and
/// WS0006 both accept as bounded. A close that is blocked on stays synchronous; a close whose task a
/// <c>Task</c>-returning expression body hands back becomes an awaited one in an async body.
/// </summary>
internal sealed class BoundedCloseRewrite
{
    public const int TimeoutSeconds = 5;

    private const string SourceName = "closeTimeout";

    private readonly CloseCall _call;
    private readonly ExpressionSyntax _running;
    private readonly ExpressionSyntax _token;
    private readonly bool _awaitsReturnedTask;

    private BoundedCloseRewrite(CloseCall call, ExpressionSyntax running, ExpressionSyntax token, bool awaitsReturnedTask)
    {
        _call = call;
        _running = running;
        _token = token;
        _awaitsReturnedTask = awaitsReturnedTask;
    }

    /// <summary>
    /// Null when the close cannot be wrapped without changing what the code does: its task is stored, passed on or
    /// left running (<c>_ = …</c>, a bare call), or its receiver would be evaluated again (a call, an indexer).
    /// </summary>
    public static BoundedCloseRewrite? Plan(CloseCall call, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (!call.HasPlainReceiver || call.TokenArgument is not { } token || call.FindRunningExpression() is not { } running)
        {
            return null;
        }

        var waited = Unparenthesized(running) is AwaitExpressionSyntax || IsBlockingWait(running);
        if (waited)
        {
            return new BoundedCloseRewrite(call, running, token, awaitsReturnedTask: false);
        }

        return running == call.Node
            && running.Parent is ArrowExpressionClauseSyntax arrow
            && ReturnsPlainTask(arrow.Parent, semanticModel, cancellationToken)
            ? new BoundedCloseRewrite(call, running, token, awaitsReturnedTask: true)
            : null;
    }

    /// <summary>The node to replace (the close's statement, or the member whose expression body it is) and what replaces it.</summary>
    public (SyntaxNode Old, SyntaxNode New)? Replacement(SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var bounded = BuildUsingStatement(semanticModel, cancellationToken);
        if (_running.Parent is ExpressionStatementSyntax statement)
        {
            return (statement, bounded.WithTriviaFrom(statement));
        }

        return _running.Parent is ArrowExpressionClauseSyntax { Parent: { } member } && WithBlockBody(member, bounded) is { } rewritten
            ? (member, rewritten)
            : null;
    }

    private StatementSyntax BuildUsingStatement(SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var position = _running.SpanStart;
        string Name(string namespaceName, string typeName) => TypeNames.Shortest(semanticModel, position, namespaceName, typeName);

        var source = UniqueName(semanticModel, position);
        var sourceType = Name("System.Threading", "CancellationTokenSource");
        var limit = TypeNames.TimeSpanFromSeconds(semanticModel, position, TimeoutSeconds).ToString();
        var callerToken = _call.CancellableToken(semanticModel, cancellationToken);
        var creation = callerToken is not null
            ? $"{sourceType}.CreateLinkedTokenSource({callerToken.WithoutTrivia()})"
            : $"new {sourceType}({limit})";
        var cancelAfter = callerToken is not null ? $"{source}.CancelAfter({limit});\n" : string.Empty;

        // The caller's own cancellation still reaches the caller, as before the fix; only the deadline aborts.
        var deadlineOnly = callerToken is not null ? $" when (!{callerToken.WithoutTrivia()}.IsCancellationRequested)" : string.Empty;
        var abort = _call.WithMethod("Abort", SyntaxFactory.ArgumentList()).WithoutTrivia();
        var state = _call.WithProperty("State").WithoutTrivia();

        // The catch of WebSocketException covers a socket aborted before the close began: CloseAsync then fails
        // with InvalidState instead of waiting.
        var text = $$"""
            using (var {{source}} = {{creation}})
            {
            {{cancelAfter}}try
            {
            {{BoundedCloseExpression(source)}};
            }
            catch ({{Name("System", "OperationCanceledException")}}){{deadlineOnly}}
            {
            {{abort}};
            }
            catch ({{Name("System.Net.WebSockets", "WebSocketException")}}) when ({{state}} == {{Name("System.Net.WebSockets", "WebSocketState")}}.Aborted)
            {
            {{abort}};
            }
            }
            """;
        return SyntaxFactory.ParseStatement(text.Replace("\r\n", "\n").Replace("\n", UsingDirectives.DetectLineEnding(_running.SyntaxTree.GetRoot(cancellationToken))))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>The running expression with the deadline's token, awaited or blocked on so that the catch sees the cancellation.</summary>
    private string BoundedCloseExpression(string source)
    {
        var deadlineToken = SyntaxFactory.ParseExpression(source + ".Token").WithTriviaFrom(_token);
        var expression = _running.ReplaceNode(_token, deadlineToken).WithoutTrivia();
        if (_awaitsReturnedTask)
        {
            return "await " + expression;
        }

        // Wait() would wrap the cancellation in an AggregateException that `catch (OperationCanceledException)` misses.
        return expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait }
            ? $"{wait.Expression}.GetAwaiter().GetResult()"
            : expression.ToString();
    }

    private SyntaxNode? WithBlockBody(SyntaxNode member, StatementSyntax bounded)
    {
        var arrow = (ArrowExpressionClauseSyntax)_running.Parent!;
        switch (member)
        {
            case MethodDeclarationSyntax method:
                var body = BlockAfter(method.SemicolonToken, bounded, arrow);
                method = method.WithExpressionBody(null).WithSemicolonToken(default).WithParameterList(method.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker)).WithBody(body);
                return _awaitsReturnedTask ? AddAsync(method, method.Modifiers, method.ReturnType, (m, mods, type) => m.WithModifiers(mods).WithReturnType(type)) : method;
            case LocalFunctionStatementSyntax function:
                var functionBody = BlockAfter(function.SemicolonToken, bounded, arrow);
                function = function.WithExpressionBody(null).WithSemicolonToken(default).WithParameterList(function.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker)).WithBody(functionBody);
                return _awaitsReturnedTask ? AddAsync(function, function.Modifiers, function.ReturnType, (f, mods, type) => f.WithModifiers(mods).WithReturnType(type)) : function;
            case BaseMethodDeclarationSyntax other when !_awaitsReturnedTask:
                return other.WithExpressionBody(null).WithSemicolonToken(default).WithBody(BlockAfter(other.SemicolonToken, bounded, arrow));
            case AccessorDeclarationSyntax accessor when !_awaitsReturnedTask:
                return accessor.WithExpressionBody(null).WithSemicolonToken(default).WithBody(BlockAfter(accessor.SemicolonToken, bounded, arrow));
            default:
                return null;
        }
    }

    private static BlockSyntax BlockAfter(SyntaxToken semicolon, StatementSyntax bounded, ArrowExpressionClauseSyntax arrow)
    {
        return SyntaxFactory.Block(bounded.WithLeadingTrivia(arrow.Expression.GetLeadingTrivia()))
            .WithTrailingTrivia(semicolon.TrailingTrivia)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static T AddAsync<T>(T member, SyntaxTokenList modifiers, TypeSyntax returnType, System.Func<T, SyntaxTokenList, TypeSyntax, T> with)
        where T : SyntaxNode
    {
        var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (modifiers.Count == 0)
        {
            // The member's leading trivia (indentation, comments) sits on the return type until a modifier precedes it.
            return with(member, SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(returnType.GetLeadingTrivia())), returnType.WithoutLeadingTrivia());
        }

        return with(member, modifiers.Add(asyncKeyword), returnType);
    }

    private static bool IsBlockingWait(ExpressionSyntax running) => running is InvocationExpressionSyntax
    {
        Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" or "GetResult" },
        ArgumentList.Arguments.Count: 0,
    };

    private static ExpressionSyntax Unparenthesized(ExpressionSyntax expression) =>
        expression is ParenthesizedExpressionSyntax parenthesized ? Unparenthesized(parenthesized.Expression) : expression;

    /// <summary>A method or local function, not async, whose expression body hands back a plain <c>Task</c>: it can await the close instead.</summary>
    private static bool ReturnsPlainTask(SyntaxNode? member, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var (modifiers, declared) = member switch
        {
            MethodDeclarationSyntax method => (method.Modifiers, semanticModel.GetDeclaredSymbol(method, cancellationToken) as IMethodSymbol),
            LocalFunctionStatementSyntax function => (function.Modifiers, semanticModel.GetDeclaredSymbol(function, cancellationToken) as IMethodSymbol),
            _ => (default(SyntaxTokenList), null),
        };
        return declared is { ReturnType: INamedTypeSymbol { Name: "Task", IsGenericType: false, ContainingNamespace: { } taskNamespace } }
            && taskNamespace.ToDisplayString() == "System.Threading.Tasks"
            && !modifiers.Any(SyntaxKind.AsyncKeyword);
    }

    private static string UniqueName(SemanticModel semanticModel, int position)
    {
        var name = SourceName;
        for (var suffix = 2; !semanticModel.LookupSymbols(position, name: name).IsEmpty; suffix++)
        {
            name = SourceName + suffix;
        }

        return name;
    }
}
