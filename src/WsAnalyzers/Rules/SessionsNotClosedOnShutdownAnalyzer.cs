using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.Rules;

/// <summary>
/// WS0007: an ASP.NET Core accept (<c>HttpContext.WebSockets.AcceptWebSocketAsync</c>) in a compilation where nothing
/// ends the sessions when the application stops. The host then waits for them and aborts them, and every client sees
/// 1006 at every deploy. Any sign that the compilation closes sessions on shutdown (<see cref="ShutdownCloseEvidence"/>)
/// keeps it silent, as does a socket handed where the compilation cannot see (a delegate, the caller).
/// </summary>
/// <remarks>
/// <c>HttpListenerContext.AcceptWebSocketAsync</c> is out of scope: an HttpListener server has no host lifetime to
/// link to, and it stops when its own code stops it.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SessionsNotClosedOnShutdownAnalyzer : DiagnosticAnalyzer
{
    public const string WebSocketManagerMetadataName = "Microsoft.AspNetCore.Http.WebSocketManager";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SessionsNotClosedOnShutdown);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartWhereSpelled(Mentions.Accept, RegisterActions);
    }

    private static void RegisterActions(CompilationStartAnalysisContext start)
    {
        var compilation = start.Compilation;
        var webSocketManager = new Lazy<INamedTypeSymbol?>(
            () => compilation.GetBestTypeByMetadataName(WebSocketManagerMetadataName),
            LazyThreadSafetyMode.ExecutionAndPublication);
        start.RegisterOperationWalkWhereMentioned(
            Mentions.Accept,
            webSocketManager,
            Analyze,
            ImmutableArray.Create(OperationKind.Invocation));
    }

    private static void Analyze(MentionedOperationContext context, INamedTypeSymbol webSocketManager)
    {
        if (context.Operation is not IInvocationOperation { TargetMethod.Name: "AcceptWebSocketAsync" } accept
            || !accept.TargetMethod.ContainingType.IsOrDerivesFrom(webSocketManager)
            || HandsTheSocketOn(accept)
            || ShutdownCloseEvidence.Exists(accept.SemanticModel!.Compilation, context.CancellationToken))
        {
            return;
        }

        var name = accept.Syntax is InvocationExpressionSyntax { Expression: { } callee } ? callee.ToString() : "AcceptWebSocketAsync";
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SessionsNotClosedOnShutdown, accept.Syntax.GetLocation(), name));
    }

    /// <summary>
    /// The accepted socket, or the task that yields it, is returned, passed to a delegate, to a method of another
    /// assembly than the framework's, or to a call that does not bind (a dependency not restored): the code that runs
    /// the session is elsewhere, perhaps in another project, and may well close it on shutdown.
    /// </summary>
    private static bool HandsTheSocketOn(IInvocationOperation accept)
    {
        var compilation = accept.SemanticModel!.Compilation;
        var value = Consumer(accept);
        if (IsHandOff(value, compilation))
        {
            return true;
        }

        if (value.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } }
            || accept.Root() is not { } root)
        {
            return false;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && IsHandOff(Consumer(reference), compilation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The outermost operation that still stands for <paramref name="value"/>: past awaits, conversions and ConfigureAwait.</summary>
    private static IOperation Consumer(IOperation value)
    {
        while (value.Parent is IAwaitOperation or IConversionOperation or IParenthesizedOperation
            || value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == value)
        {
            value = value.Parent!;
        }

        return value;
    }

    private static bool IsHandOff(IOperation value, Compilation compilation) => value.Parent switch
    {
        IReturnOperation or IInvalidOperation => true,
        IArgumentOperation { Parameter.ContainingSymbol: IMethodSymbol target } =>
            target.MethodKind == MethodKind.DelegateInvoke || IsInAnotherProject(target.ContainingAssembly, compilation),
        _ => false,
    };

    /// <summary>
    /// Neither this compilation nor the framework (System, Microsoft, WsResilience's helpers, which run no session):
    /// another project of the solution, or a package.
    /// </summary>
    private static bool IsInAnotherProject(IAssemblySymbol? assembly, Compilation compilation)
    {
        if (assembly is null || SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly))
        {
            return false;
        }

        var name = assembly.Identity.Name;
        return !(name is "System" or "netstandard" or "mscorlib" or "WsResilience"
            || name.StartsWith("System.", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.", StringComparison.Ordinal));
    }
}
