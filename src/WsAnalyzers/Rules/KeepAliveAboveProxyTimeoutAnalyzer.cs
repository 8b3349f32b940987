using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.Rules;

/// <summary>
/// WS0008: a keep-alive interval at or above the idle timeout of the proxies and load balancers in front of the
/// connection. nginx (<c>proxy_read_timeout</c>) and AWS load balancers drop a connection that stays silent for
/// 60 seconds by default, and ASP.NET Core's server pings every 2 minutes unless told otherwise: an idle connection
/// dies before its first ping. Intervals that turn keep-alive off are WS0001's business.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeepAliveAboveProxyTimeoutAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The interval the fix writes, in seconds (invariant culture).</summary>
    public const string SuggestedSecondsProperty = "SuggestedSeconds";

    /// <summary>Which shape was found: <see cref="ExplicitInterval"/>, <see cref="DefaultMiddleware"/> or <see cref="DefaultOptions"/>.</summary>
    public const string ShapeProperty = "Shape";

    public const string ExplicitInterval = "Interval";
    public const string DefaultMiddleware = "UseWebSockets";
    public const string DefaultOptions = "WebSocketOptions";

    /// <summary>ASP.NET Core's <c>WebSocketOptions.KeepAliveInterval</c> when nobody sets it.</summary>
    private static readonly TimeSpan s_serverDefaultInterval = TimeSpan.FromMinutes(2);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.KeepAliveAboveProxyTimeout);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartWhereSpelled(Mentions.KeepAliveSetup, RegisterActions);
    }

    private static void RegisterActions(CompilationStartAnalysisContext start)
    {
        var options = start.Options;
        start.RegisterOperationWalkWhereMentioned(
            Mentions.KeepAliveSetup,
            KeepAliveSymbols.OnFirstUse(start.Compilation),
            (operation, symbols) => Analyze(operation, symbols, options),
            ImmutableArray.Create(OperationKind.SimpleAssignment, OperationKind.Invocation));
    }

    private static void Analyze(MentionedOperationContext context, KeepAliveSymbols symbols, AnalyzerOptions options)
    {
        switch (context.Operation)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "KeepAliveInterval" } property } } assignment
                when symbols.IsKeepAliveSettingsType(property.ContainingType):
                JudgeInterval(context, assignment.Value, symbols, options);
                break;
            case IInvocationOperation invocation:
                AnalyzeInvocation(context, invocation, symbols, options);
                break;
        }
    }

    private static void AnalyzeInvocation(MentionedOperationContext context, IInvocationOperation invocation, KeepAliveSymbols symbols, AnalyzerOptions options)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "UseWebSockets" && symbols.MiddlewareExtensions.Is(method.ContainingType))
        {
            JudgeMiddleware(context, invocation, symbols, options);
            return;
        }

        if (!KeepAliveSymbols.IsType(method.ContainingType, symbols.WebSockets.WebSocket)
            && !symbols.HttpListenerContext.Is(method.ContainingType))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit
                && argument.Parameter is { Name: "keepAliveInterval" } parameter
                && KeepAliveSymbols.IsType(parameter.Type, symbols.TimeSpan))
            {
                JudgeInterval(context, argument.Value, symbols, options);
            }
        }
    }

    private static void JudgeInterval(MentionedOperationContext context, IOperation value, KeepAliveSymbols symbols, AnalyzerOptions options)
    {
        if (KeepAliveValue.IsOff(value, symbols) || TimeSpanConstant.Of(value, symbols.TimeSpan) is not { } interval || interval <= TimeSpan.Zero)
        {
            return;
        }

        var timeout = ProxyIdleTimeout.Read(options, value.Syntax.SyntaxTree);
        if (interval < timeout.Value)
        {
            return;
        }

        Report(
            context,
            value.Syntax.GetLocation(),
            ExplicitInterval,
            timeout,
            $"A KeepAliveInterval of {ProxyIdleTimeout.Format(interval)} is not below {timeout.Describe()}");
    }

    /// <summary><c>UseWebSockets()</c>, or <c>UseWebSockets(new WebSocketOptions { … })</c> that leaves the interval at its default.</summary>
    private static void JudgeMiddleware(MentionedOperationContext context, IInvocationOperation invocation, KeepAliveSymbols symbols, AnalyzerOptions options)
    {
        var timeout = ProxyIdleTimeout.Read(options, invocation.Syntax.SyntaxTree);
        if (s_serverDefaultInterval < timeout.Value)
        {
            return;
        }

        IArgumentOperation? optionsArgument = null;
        foreach (var argument in invocation.Arguments)
        {
            if (symbols.MiddlewareOptions.Is(argument.Parameter?.Type))
            {
                optionsArgument = argument;
            }
        }

        var defaultText = $"ASP.NET Core's default KeepAliveInterval of {ProxyIdleTimeout.Format(s_serverDefaultInterval)}, which is not below {timeout.Describe()}";
        if (optionsArgument is null)
        {
            // The parameterless overload reads WebSocketOptions from the services: the application configures them,
            // in its own code when this is the application, and possibly in another assembly when this is a library.
            var compilation = invocation.SemanticModel!.Compilation;
            if (IsApplication(compilation) && !WebSocketOptionsInServices.MayBeConfigured(compilation, context.CancellationToken))
            {
                Report(context, invocation.Syntax.GetLocation(), DefaultMiddleware, timeout, "'UseWebSockets' keeps " + defaultText);
            }

            return;
        }

        if (optionsArgument.Value.WithoutImplicitConversions() is IObjectCreationOperation creation
            && symbols.MiddlewareOptions.Is(creation.Type)
            && !SetsKeepAliveInterval(creation.Initializer))
        {
            Report(context, creation.Syntax.GetLocation(), DefaultOptions, timeout, "These WebSocketOptions keep " + defaultText);
        }
    }

    private static bool IsApplication(Compilation compilation) =>
        compilation.Options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication;

    private static bool SetsKeepAliveInterval(IObjectOrCollectionInitializerOperation? initializer)
    {
        if (initializer is null)
        {
            return false;
        }

        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "KeepAliveInterval" } })
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(MentionedOperationContext context, Location location, string shape, ProxyIdleTimeout timeout, string finding)
    {
        var suggested = timeout.SuggestedInterval();
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(ShapeProperty, shape)
            .Add(SuggestedSecondsProperty, suggested.TotalSeconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.KeepAliveAboveProxyTimeout,
            location,
            properties,
            finding,
            ProxyIdleTimeout.Format(suggested)));
    }
}
