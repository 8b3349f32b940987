using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.Rules;

/// <summary>
/// WS0004, status-code shapes: a close status from System.Net.WebSockets compared with 1006 (in <c>==</c>,
/// <c>!=</c>, patterns, switch cases and arms, directly or through an integer local), which can never match;
/// and a close status that must not be sent, passed to <c>CloseAsync</c>/<c>CloseOutputAsync</c>: 1006, 1015 and
/// 0-999 throw ArgumentException, 1005 is sent although RFC 6455 forbids it in a close frame.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AbnormalClosureStatusCodeAnalyzer : DiagnosticAnalyzer
{
    private const string NeverReported =
        "System.Net.WebSockets never reports close status 1006: an abnormal closure throws WebSocketException " +
        "(ConnectionClosedPrematurely), sets State to Aborted and leaves CloseStatus null, so ";

    private const string ComparisonNeverMatches = NeverReported + "this comparison with 1006 never matches";

    /// <summary><c>!=</c> and <c>is not</c>: the test holds for an abnormal closure too, so it tells nothing apart.</summary>
    private const string ComparisonAlwaysTrue = NeverReported + "this comparison with 1006 is always true";

    private const string PatternNeverMatches = NeverReported + "the 1006 in this pattern never matches";

    private const string CaseNeverMatches = NeverReported + "this case for 1006 never matches";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.AbnormalClosureIgnored);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartWhereSpelled(Mentions.CloseStatus | Mentions.CloseCall, RegisterActions);
    }

    private static void RegisterActions(CompilationStartAnalysisContext start)
    {
        start.RegisterOperationWalkWhereMentioned(
            Mentions.CloseStatus | Mentions.CloseCall,
            WebSocketSymbols.OnFirstUse(start.Compilation, s => s.WebSocketCloseStatus is not null),
            Analyze,
            s_kinds);
    }

    private static readonly ImmutableArray<OperationKind> s_kinds = ImmutableArray.Create(
        OperationKind.Binary, OperationKind.ConstantPattern, OperationKind.Switch, OperationKind.Invocation);

    private static void Analyze(MentionedOperationContext context, WebSocketSymbols symbols)
    {
        switch (context.Operation.Kind)
        {
            case OperationKind.Binary:
                AnalyzeComparison(context, symbols);
                break;
            case OperationKind.ConstantPattern:
                AnalyzeConstantPattern(context, symbols);
                break;
            case OperationKind.Switch:
                AnalyzeSwitch(context, symbols);
                break;
            case OperationKind.Invocation:
                AnalyzeCloseCall(context, symbols);
                break;
        }
    }

    private static void AnalyzeComparison(MentionedOperationContext context, WebSocketSymbols symbols)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
        {
            return;
        }

        IOperation status;
        if (IsAbnormalClosureCode(binary.RightOperand, symbols))
        {
            status = binary.LeftOperand;
        }
        else if (IsAbnormalClosureCode(binary.LeftOperand, symbols))
        {
            status = binary.RightOperand;
        }
        else
        {
            return;
        }

        if (CloseStatusSource.IsFromCloseStatus(status, symbols))
        {
            ReportComparison(context, binary, status, negated: binary.OperatorKind == BinaryOperatorKind.NotEquals, symbols);
        }
    }

    private static void AnalyzeConstantPattern(MentionedOperationContext context, WebSocketSymbols symbols)
    {
        var pattern = (IConstantPatternOperation)context.Operation;
        if (!IsAbnormalClosureCode(pattern.Value, symbols))
        {
            return;
        }

        // Climb through 'not', 'and', 'or' to what the pattern is matched against.
        var negated = false;
        var compound = false;
        IOperation current = pattern;
        while (true)
        {
            switch (current.Parent)
            {
                case INegatedPatternOperation negation:
                    negated = !negated;
                    current = negation;
                    continue;
                case IBinaryPatternOperation binaryPattern:
                    compound = true;
                    current = binaryPattern;
                    continue;
                case IIsPatternOperation isPattern when CloseStatusSource.IsFromCloseStatus(isPattern.Value, symbols):
                    if (compound)
                    {
                        Report(context, isPattern.Syntax.GetLocation(), ComparedProperties(), PatternNeverMatches);
                    }
                    else
                    {
                        ReportComparison(context, isPattern, isPattern.Value, negated, symbols);
                    }

                    return;
                case IPropertySubpatternOperation subpattern when CloseStatusSource.IsFromCloseStatus(subpattern.Member, symbols):
                    Report(context, pattern.Syntax.GetLocation(), ComparedProperties(), PatternNeverMatches);
                    return;
                case ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression } when CloseStatusSource.IsFromCloseStatus(switchExpression.Value, symbols):
                case IPatternCaseClauseOperation { Parent: ISwitchCaseOperation { Parent: ISwitchOperation switchStatement } } when CloseStatusSource.IsFromCloseStatus(switchStatement.Value, symbols):
                    Report(context, pattern.Syntax.GetLocation(), ComparedProperties(), CaseNeverMatches);
                    return;
                default:
                    return;
            }
        }
    }

    private static void AnalyzeSwitch(MentionedOperationContext context, WebSocketSymbols symbols)
    {
        var switchOperation = (ISwitchOperation)context.Operation;
        foreach (var section in switchOperation.Cases)
        {
            foreach (var clause in section.Clauses)
            {
                if (clause is ISingleValueCaseClauseOperation single
                    && IsAbnormalClosureCode(single.Value, symbols)
                    && CloseStatusSource.IsFromCloseStatus(switchOperation.Value, symbols))
                {
                    Report(context, single.Value.Syntax.GetLocation(), ComparedProperties(), CaseNeverMatches);
                }
            }
        }
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static void AnalyzeCloseCall(MentionedOperationContext context, WebSocketSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name is not ("CloseAsync" or "CloseOutputAsync")
            || !(method.IsOrOverrides(symbols.CloseAsync) || method.IsOrOverrides(symbols.CloseOutputAsync)))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal != 0)
            {
                continue;
            }

            if (SentCodeProblem(argument.Value, method.Name) is { } problem)
            {
                Report(
                    context,
                    argument.Value.Syntax.GetLocation(),
                    ImmutableDictionary<string, string?>.Empty.Add(AbnormalClosure.ShapeProperty, problem.Shape),
                    problem.Message);
            }
        }
    }

    /// <summary>
    /// What is wrong with sending <paramref name="status"/> in a close frame: 1006 and 1015 (reported locally,
    /// never sent) and 0-999 (not close codes) make the runtime throw; 1005 goes out on the wire although
    /// RFC 6455 reserves it for "the close frame had no code", and a conforming peer fails the connection.
    /// </summary>
    private static (string Shape, string Message)? SentCodeProblem(IOperation status, string method)
    {
        var constant = status.WithoutImplicitConversions().ConstantValue;
        if (!constant.HasValue || constant.Value is not (int or long or short or ushort or uint))
        {
            return null;
        }

        var code = System.Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture);
        if (code is AbnormalClosure.AbnormalClosureCode or AbnormalClosure.TlsHandshakeFailureCode)
        {
            return (AbnormalClosure.SentShape, $"'{method}' throws ArgumentException for close status {code}: the code is reserved " +
                "for failures reported locally and is never sent; call Abort() to drop the connection");
        }

        if (code is >= 0 and <= 999)
        {
            return (AbnormalClosure.ForbiddenSentShape, $"'{method}' throws ArgumentException for close status {code}: " +
                "close codes start at 1000; send NormalClosure (1000), another WebSocketCloseStatus, or an application code from 4000 to 4999");
        }

        if (code == AbnormalClosure.NoStatusCode)
        {
            return (AbnormalClosure.ForbiddenSentShape, $"'{method}' sends close status 1005 (WebSocketCloseStatus.Empty) in the close frame, " +
                "which RFC 6455 forbids: 1005 only reports that a received close frame had no code, and a conforming peer fails " +
                "the connection with 1002; send NormalClosure (1000) instead");
        }

        return null;
    }

    private static void ReportComparison(MentionedOperationContext context, IOperation comparison, IOperation status, bool negated, WebSocketSymbols symbols)
    {
        var properties = ComparedProperties().Add(AbnormalClosure.NegatedProperty, negated ? "true" : "false");
        if (CloseStatusSource.FindSocketCloseStatus(status, symbols) is { Instance: { } socket }
            && SideEffectFreeExpression.IsRepeatable(socket))
        {
            properties = properties.Add(AbnormalClosure.SocketProperty, socket.WithoutImplicitConversions().Syntax.ToString());
        }

        Report(context, comparison.Syntax.GetLocation(), properties, negated ? ComparisonAlwaysTrue : ComparisonNeverMatches);
    }

    private static ImmutableDictionary<string, string?> ComparedProperties()
    {
        return ImmutableDictionary<string, string?>.Empty.Add(AbnormalClosure.ShapeProperty, AbnormalClosure.ComparedShape);
    }

    private static void Report(MentionedOperationContext context, Location location, ImmutableDictionary<string, string?> properties, string message)
    {
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AbnormalClosureIgnored, location, properties, message));
    }

    /// <summary>1006 as a <c>WebSocketCloseStatus</c> or integer constant (a cast literal or a const).</summary>
    private static bool IsAbnormalClosureCode(IOperation operation, WebSocketSymbols symbols)
    {
        var value = operation.WithoutImplicitConversions();
        return (SymbolEqualityComparer.Default.Equals(value.Type, symbols.WebSocketCloseStatus) || CloseStatusSource.IsIntegral(value.Type))
            && value.IsIntegerConstant(AbnormalClosure.AbnormalClosureCode);
    }
}
