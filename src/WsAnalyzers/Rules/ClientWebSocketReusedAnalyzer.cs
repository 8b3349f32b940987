using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Model;

namespace WsAnalyzers.Rules;

/// <summary>
/// WS0005: <c>ConnectAsync</c> on a ClientWebSocket that a reconnect path reaches again without
/// having stored a new instance in the variable, field or property first.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientWebSocketReusedAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ClientWebSocketReused);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        ReconnectPaths.Register(context, AnalyzeType);
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static void AnalyzeType(MentionedTypeContext context, ReconnectPaths type)
    {
        var reported = new HashSet<IOperation>();
        // Handler paths belong to WS0002 only: whether a handler's socket is renewed depends on who raised the event.
        var paths = type.Find(withHandlerPaths: false);
        foreach (var path in paths)
        {
            if (!path.IsDirect
                || reported.Contains(path.Connect)
                || ReusedSocket(type, path) is not { } socket)
            {
                continue;
            }

            reported.Add(path.Connect);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ClientWebSocketReused,
                ReconnectPath.CallSyntax(path.Connect).GetLocation(),
                socket.Name,
                DescribePath(path)));
        }

        foreach (var path in paths)
        {
            if (path.Kind is ReconnectPathKind.Cycle or ReconnectPathKind.Timer)
            {
                ReportSocketsReplacedOnlyInCatch(context, type, path, reported);
            }
        }
    }

    /// <summary>
    /// A retry that goes round through the type's connect method, which connects a socket field the type replaces
    /// only in a catch of some failures: the other retries reach ConnectAsync on the used instance.
    /// </summary>
    private static void ReportSocketsReplacedOnlyInCatch(MentionedTypeContext context, ReconnectPaths type, ReconnectPath path, HashSet<IOperation> reported)
    {
        var connectMethod = path.Kind == ReconnectPathKind.Timer ? path.ThroughMethod : path.Connect.TargetMethod;
        if (connectMethod is null)
        {
            return;
        }

        foreach (var (owner, root) in type.Roots)
        {
            if (!SymbolEqualityComparer.Default.Equals(owner.OriginalDefinition, connectMethod.OriginalDefinition))
            {
                continue;
            }

            foreach (var operation in root.Descendants())
            {
                if (operation is not IInvocationOperation connect
                    || !type.Symbols.IsConnectAsync(connect.TargetMethod)
                    || reported.Contains(connect))
                {
                    continue;
                }

                ISymbol? socket = Receiver(connect) switch
                {
                    IFieldReferenceOperation field when type.IsOwnMember(field.Field, field.Instance) => field.Field,
                    IPropertyReferenceOperation property when type.IsOwnMember(property.Property, property.Instance) && property.Property.IsAutoProperty() => property.Property,
                    _ => null,
                };

                if (socket is not null && PartialSocketRenewal.IsReplacedOnlyInCatch(type, socket))
                {
                    reported.Add(connect);
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.ClientWebSocketReused,
                        ReconnectPath.CallSyntax(connect).GetLocation(),
                        socket.Name,
                        DescribeRetry(path)));
                }
            }
        }
    }

    private static string DescribeRetry(ReconnectPath path)
    {
        var retry = path.Kind == ReconnectPathKind.Timer
            ? "when the timer it starts runs it again"
            : $"when '{path.ThroughMethod?.Name}' runs '{path.Connect.TargetMethod.Name}' again";
        return retry + " (it is replaced only in a catch of some failures)";
    }

    private static string DescribePath(ReconnectPath path)
    {
        if (path.Kind is ReconnectPathKind.Recursion or ReconnectPathKind.Cycle)
        {
            return $"when '{path.ThroughMethod?.Name}' calls itself";
        }

        return path.ThroughMethod is { } through
            ? $"each time the loop around the call to '{through.Name}' runs it again"
            : "on the next pass of this loop";
    }

    /// <summary>The variable, field or property the connect reuses, or null when a new instance may be stored in it per attempt.</summary>
    private static ISymbol? ReusedSocket(ReconnectPaths type, ReconnectPath path)
    {
        var receiver = Receiver(path.Connect);
        switch (receiver)
        {
            case ILocalReferenceOperation local when path.Kind == ReconnectPathKind.Loop && path.ThroughMethod is null:
                return !ReconnectPaths.IsDeclaredIn(local.Local, path.Scope) && !RenewedInMethod(local.Local, path) ? local.Local : null;

            case IParameterReferenceOperation parameter when path.Kind == ReconnectPathKind.Loop && path.ThroughMethod is null:
                return !RenewedInMethod(parameter.Parameter, path) ? parameter.Parameter : null;

            case IFieldReferenceOperation field when type.IsOwnMember(field.Field, field.Instance):
                return !RenewedInType(type, field.Field, path) ? field.Field : null;

            case IPropertyReferenceOperation property when type.IsOwnMember(property.Property, property.Instance) && property.Property.IsAutoProperty():
                return !RenewedInType(type, property.Property, path) ? property.Property : null;

            default:
                return null;
        }
    }

    private static IOperation? Receiver(IInvocationOperation connect)
    {
        var instance = connect.Instance?.WithoutImplicitConversions();
        if (instance is IConditionalAccessInstanceOperation)
        {
            for (var parent = connect.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access)
                {
                    return access.Operation.WithoutImplicitConversions();
                }
            }

            return null;
        }

        return instance;
    }

    /// <summary>A local or parameter gets a new value inside the loop, or somewhere whose timing is unknown (a lambda).</summary>
    private static bool RenewedInMethod(ISymbol variable, ReconnectPath path)
    {
        var writes = new List<IOperation>();
        SymbolWrites.Collect(path.Scope.Root(), variable, writes);
        foreach (var write in writes)
        {
            if (SymbolWrites.StoresNothing(write))
            {
                continue;
            }

            if (path.RunsPerAttempt(write) || IsInDeferredCode(write))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A field or property gets a new instance per attempt, or may: any store outside constructors,
    /// initializers and the reconnecting method's code before the loop counts.
    /// </summary>
    private static bool RenewedInType(ReconnectPaths type, ISymbol member, ReconnectPath path)
    {
        var writes = new List<IOperation>();
        foreach (var (owner, root) in type.Roots)
        {
            writes.Clear();
            SymbolWrites.Collect(root, member, writes);
            foreach (var write in writes)
            {
                if (SymbolWrites.StoresNothing(write))
                {
                    continue;
                }

                if (path.RunsPerAttempt(write) || IsInDeferredCode(write))
                {
                    return true;
                }

                var isSetUp = owner is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }
                    || owner is IFieldSymbol or IPropertySymbol
                    || ReconnectPath.Contains(root, path.Scope);
                if (!isSetUp)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsInDeferredCode(IOperation operation)
    {
        for (var current = operation; current.Parent is not null; current = current.Parent)
        {
            if (current.IsExecutionBoundary())
            {
                return true;
            }
        }

        return false;
    }
}
