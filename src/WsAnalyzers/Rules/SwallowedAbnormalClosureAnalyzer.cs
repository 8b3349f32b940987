using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.Rules;

/// <summary>
/// WS0004, swallowed shape: a catch that receives the <c>WebSocketException</c> a dropped connection raises
/// around <c>ReceiveAsync</c>, and does nothing with it. Only a handler made of nothing but
/// <c>break</c>, <c>continue</c>, <c>return;</c> and assignments of constants or locals to locals counts:
/// any call (logging, events, cleanup), throw, filter, stored exception or field write is handling.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SwallowedAbnormalClosureAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.AbnormalClosureIgnored);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartWhereSpelled(Mentions.Receive, RegisterActions);
    }

    private static void RegisterActions(CompilationStartAnalysisContext start)
    {
        start.RegisterOperationWalkWhereMentioned(
            Mentions.Receive,
            WebSocketSymbols.OnFirstUse(start.Compilation, s => s.WebSocketException is not null),
            AnalyzeTry,
            ImmutableArray.Create(OperationKind.Try));
    }

    private static void AnalyzeTry(MentionedOperationContext context, WebSocketSymbols symbols)
    {
        var tryOperation = (ITryOperation)context.Operation;
        if (tryOperation.Catches.IsEmpty
            || FindUnhandledReceive(tryOperation.Body, symbols) is not { } receive)
        {
            return;
        }

        foreach (var catchClause in tryOperation.Catches)
        {
            if (!WebSocketExceptionCatch.Takes(catchClause, symbols))
            {
                continue;
            }

            // The first clause that can take the exception is the only one that sees it; a filter there
            // means the code classifies the failure, which is handling it.
            if (catchClause.Filter is null
                && catchClause.Syntax is CatchClauseSyntax syntax
                && !IsInReconnectLoop(tryOperation))
            {
                if (DoesNothing(catchClause.Handler))
                {
                    Report(context, catchClause, syntax, receive, tryOperation);
                }
                else if (HandlesOnlySomeErrorCodes(catchClause))
                {
                    ReportPartlySwallowed(context, catchClause, syntax, receive);
                }
            }

            return;
        }
    }

    private static void Report(
        MentionedOperationContext context,
        ICatchClauseOperation catchClause,
        CatchClauseSyntax syntax,
        IInvocationOperation receive,
        ITryOperation tryOperation)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AbnormalClosure.ShapeProperty, AbnormalClosure.SwallowedShape);
        if (receive.Instance is { } socket && IsRepeatableInCatch(socket, tryOperation))
        {
            properties = properties.Add(AbnormalClosure.SocketProperty, socket.WithoutImplicitConversions().Syntax.ToString());
        }

        var caught = syntax.Declaration is null
            ? "This bare catch"
            : $"This catch of '{catchClause.ExceptionType.Name}'";
        var message = $"{caught} swallows the abnormal closure (1006) of '{receive.TargetMethod.Name}': " +
            "the WebSocketException with ConnectionClosedPrematurely is dropped without a trace; " +
            "filter it with 'when', handle it or rethrow it";

        var end = syntax.Declaration?.Span.End ?? syntax.CatchKeyword.Span.End;
        var location = Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.CatchKeyword.SpanStart, end));
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AbnormalClosureIgnored, location, properties, message));
    }

    private static void ReportPartlySwallowed(
        MentionedOperationContext context,
        ICatchClauseOperation catchClause,
        CatchClauseSyntax syntax,
        IInvocationOperation receive)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AbnormalClosure.ShapeProperty, AbnormalClosure.PartlySwallowedShape);
        var message = $"This catch of '{catchClause.ExceptionType.Name}' handles only some error codes of '{receive.TargetMethod.Name}' " +
            "and drops the others without a trace, so the loop ends as if the peer had closed normally; " +
            "rethrow, log or report the codes it does not handle";
        var location = Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.CatchKeyword.SpanStart, syntax.Declaration?.Span.End ?? syntax.CatchKeyword.Span.End));
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AbnormalClosureIgnored, location, properties, message));
    }

    /// <summary>
    /// <c>catch (WebSocketException e) { if (e.WebSocketErrorCode == …) { … } }</c>: the handler acts only in branches
    /// that test the exception's error code, and does nothing on the path where no test matched.
    /// </summary>
    private static bool HandlesOnlySomeErrorCodes(ICatchClauseOperation catchClause)
    {
        if (catchClause.Locals.IsEmpty || catchClause.Handler is not { } handler)
        {
            return false;
        }

        var exception = catchClause.Locals[0];
        var testsCode = false;
        foreach (var statement in handler.Operations)
        {
            if (statement is IConditionalOperation { WhenFalse: null } conditional && TestsErrorCode(conditional.Condition, exception))
            {
                testsCode = true;
            }
            else if (!DoesNothing(statement))
            {
                return false;
            }
        }

        return testsCode;
    }

    private static bool TestsErrorCode(IOperation condition, ILocalSymbol exception)
    {
        foreach (var part in condition.DescendantsAndSelf())
        {
            if (part is IPropertyReferenceOperation { Property.Name: "WebSocketErrorCode" or "ErrorCode" or "NativeErrorCode" or "HResult", Instance: ILocalReferenceOperation local }
                && SymbolEqualityComparer.Default.Equals(local.Local, exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The first <c>ReceiveAsync</c> on a WebSocket that <paramref name="body"/> runs itself, not counting
    /// lambdas, local functions, or nested try statements that catch the exception first.
    /// </summary>
    private static IInvocationOperation? FindUnhandledReceive(IOperation body, WebSocketSymbols symbols)
    {
        foreach (var child in body.ChildOperations)
        {
            switch (child)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    continue;
                case ITryOperation nested when WebSocketExceptionCatch.AnyTakes(nested, symbols):
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ReceiveAsync" } invocation
                    when symbols.IsWebSocket(invocation.TargetMethod.ContainingType):
                    return invocation;
            }

            if (FindUnhandledReceive(child, symbols) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool DoesNothing(IOperation operation)
    {
        switch (operation)
        {
            case IBlockOperation block:
                foreach (var statement in block.Operations)
                {
                    if (!DoesNothing(statement))
                    {
                        return false;
                    }
                }

                return true;

            case IEmptyOperation:
            case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue }:
            case IReturnOperation { ReturnedValue: null }:
                return true;

            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation } assignment }:
                return IsInert(assignment.Value);

            default:
                return false;
        }
    }

    /// <summary>A value whose assignment neither runs code nor keeps the exception.</summary>
    private static bool IsInert(IOperation value)
    {
        value = value.WithoutImplicitConversions();
        if (value.ConstantValue.HasValue || value is IDefaultValueOperation or IParameterReferenceOperation)
        {
            return true;
        }

        // The caught exception is a local too; keeping it is recording the failure.
        return value is ILocalReferenceOperation local && !IsExceptionType(local.Local.Type);
    }

    private static bool IsExceptionType(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "Exception" && current.ContainingNamespace?.Name == "System"
                && current.ContainingNamespace.ContainingNamespace?.IsGlobalNamespace == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A loop around the try statement that connects again (a call whose name mentions "connect") is a
    /// reconnect loop: dropping the failure and connecting again is its way of handling it.
    /// </summary>
    private static bool IsInReconnectLoop(ITryOperation tryOperation)
    {
        for (var current = tryOperation.Parent; current is not null && !current.IsExecutionBoundary(); current = current.Parent)
        {
            if (current is ILoopOperation loop && CallsConnect(loop.Body))
            {
                return true;
            }
        }

        return false;
    }

    private static bool CallsConnect(IOperation operation)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IInvocationOperation invocation
                && SymbolNames.Contains(SymbolNames.Normalize(invocation.TargetMethod.Name), "connect"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The receiver can be named again in the catch: repeatable, and not a local of the try block.</summary>
    private static bool IsRepeatableInCatch(IOperation socket, ITryOperation tryOperation)
    {
        if (!SideEffectFreeExpression.IsRepeatable(socket))
        {
            return false;
        }

        var tryBody = tryOperation.Body.Syntax.Span;
        foreach (var part in socket.DescendantsAndSelf())
        {
            if (part is ILocalReferenceOperation local)
            {
                foreach (var declaration in local.Local.DeclaringSyntaxReferences)
                {
                    if (tryBody.Contains(declaration.Span))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }
}
