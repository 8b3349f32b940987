using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// What a method of the compilation does with a <c>ClientWebSocket</c> handed to it. Handing a socket to a method
/// that takes exactly that type lets the method configure the socket out of sight, so WS0001 used to give up on it;
/// but real code hands its sockets to its own send and receive helpers all the time. The callee's body decides: a
/// parameter that is only used for WebSocket calls other than <c>Options</c>, with receives that can never time out,
/// and handed on only to methods that do the same, can neither configure the socket nor watch it.
/// </summary>
/// <remarks>One instance per compilation; each parameter is judged once, following calls a bounded number of levels.</remarks>
internal sealed class SocketHandoffs
{
    private const int MaxDepth = 3;

    private readonly Compilation _compilation;
    private readonly KeepAliveSymbols _symbols;
    private readonly ConcurrentDictionary<IParameterSymbol, bool> _onlyUsed = new(SymbolEqualityComparer.Default);

    public SocketHandoffs(Compilation compilation, KeepAliveSymbols symbols)
    {
        _compilation = compilation;
        _symbols = symbols;
    }

    /// <summary>
    /// True when <paramref name="parameter"/>'s method is declared in source and does nothing with the socket that
    /// could set its keep-alive or detect a dead peer. Anything the walk cannot see (no body, a virtual call, a
    /// socket stored, returned, or handed to code deeper than the bound) gives false.
    /// </summary>
    public bool OnlyUses(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        return OnlyUses(parameter, 0, cancellationToken);
    }

    private bool OnlyUses(IParameterSymbol parameter, int depth, CancellationToken cancellationToken)
    {
        if (_onlyUsed.TryGetValue(parameter, out var known))
        {
            return known;
        }

        var result = depth < MaxDepth && Judge(parameter, depth, cancellationToken);
        _onlyUsed.TryAdd(parameter, result);
        return result;
    }

    private bool Judge(IParameterSymbol parameter, int depth, CancellationToken cancellationToken)
    {
        // Only sockets are judged: a settings object handed over is there to be configured.
        if (parameter.RefKind != RefKind.None
            || !_symbols.WebSockets.IsWebSocket(parameter.Type)
            || parameter.ContainingSymbol is not IMethodSymbol method
            || method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern
            || method.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        var body = Body(method.DeclaringSyntaxReferences[0], cancellationToken);
        if (body is null)
        {
            return false;
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is IParameterReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter)
                && !IsHarmlessUse(reference, depth, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private IOperation? Body(SyntaxReference reference, CancellationToken cancellationToken)
    {
        var syntax = reference.GetSyntax(cancellationToken);
        if (syntax is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax))
        {
            return null;
        }

#pragma warning disable RS1030 // The callee's tree: with CompilationWithAnalyzers this is the driver's cached model.
        var model = _compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(syntax, cancellationToken);
    }

    private bool IsHarmlessUse(IOperation reference, int depth, CancellationToken cancellationToken)
    {
        var use = reference;
        while (use.Parent is IConversionOperation conversion)
        {
            use = conversion;
        }

        switch (use.Parent)
        {
            case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, use):
                return property.Property.Name != "Options";

            case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, use):
                return !IsReceiveThatMayTimeOut(invocation, cancellationToken);

            case IConditionalAccessOperation conditional when ReferenceEquals(conditional.Operation, use):
                return IsHarmlessConditionalAccess(conditional.WhenNotNull, cancellationToken);

            case IBinaryOperation or IIsPatternOperation or IIsTypeOperation:
                return true;

            case IArgumentOperation argument:
                return IsHarmlessArgument(argument, depth, cancellationToken);

            default:
                return false;
        }
    }

    private static bool IsHarmlessConditionalAccess(IOperation whenNotNull, CancellationToken cancellationToken)
    {
        return whenNotNull switch
        {
            IInvocationOperation { Instance: IConditionalAccessInstanceOperation } invocation => !IsReceiveThatMayTimeOut(invocation, cancellationToken),
            IPropertyReferenceOperation { Instance: IConditionalAccessInstanceOperation } property => property.Property.Name != "Options",
            _ => false,
        };
    }

    private bool IsHarmlessArgument(IArgumentOperation argument, int depth, CancellationToken cancellationToken)
    {
        if (argument.Parameter is not { } parameter)
        {
            return false;
        }

        if (parameter.ContainingSymbol is IMethodSymbol callee
            && !SymbolEqualityComparer.Default.Equals(callee.ContainingAssembly, _compilation.Assembly))
        {
            // A library method that takes a plain WebSocket cannot reach the client options; WsResilience's
            // heartbeat watches the socket, which is detection, not mere use.
            return parameter.RefKind == RefKind.None
                && KeepAliveSymbols.IsType(parameter.OriginalDefinition.Type, _symbols.WebSockets.WebSocket)
                && !KeepAliveSymbols.IsType(callee.ContainingType, _symbols.WebSocketHeartbeat);
        }

        return OnlyUses(parameter, depth + 1, cancellationToken);
    }

    /// <summary>A receive whose token cannot be shown never to be cancelled may be cancelled by a timer.</summary>
    private static bool IsReceiveThatMayTimeOut(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        if (invocation.TargetMethod.Name != "ReceiveAsync")
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.Name == nameof(CancellationToken) && NeverCancelledToken.Explain(argument.Value, cancellationToken) is null)
            {
                return true;
            }
        }

        return false;
    }
}
