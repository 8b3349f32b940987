using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WsAnalyzers.Infrastructure;

/// <summary>How a reconnect path waits between attempts, as far as the code shows it.</summary>
internal enum ReconnectDelayKind
{
    /// <summary>Nothing waits before the next attempt.</summary>
    None,

    /// <summary>A delay that does not change between attempts.</summary>
    Fixed,

    /// <summary>A delay that grows between attempts but has no randomness.</summary>
    NoJitter,

    /// <summary>A random delay around a base that does not grow.</summary>
    NoGrowth,

    /// <summary>Randomised and growing, or computed by a backoff helper: nothing to report.</summary>
    Backoff,

    /// <summary>The delay comes from code the analysis cannot see through: nothing to report.</summary>
    Unknown,
}

/// <summary>
/// Classifies the wait between two attempts of a reconnect path: every <c>Task.Delay</c> and
/// <c>Thread.Sleep</c> that runs per attempt, and what their lengths are computed from.
/// Anything the analysis cannot see through (an interface or user method, Polly, a WsResilience
/// <c>ReconnectBackoff</c>, a method listed in <c>ws_analyzers.backoff_methods</c>, a method whose
/// name says it waits) makes the result <see cref="ReconnectDelayKind.Unknown"/> or
/// <see cref="ReconnectDelayKind.Backoff"/>, so that the rule stays silent.
/// </summary>
internal sealed class ReconnectDelay
{
    private static readonly string[] s_waitWords =
    {
        "delay", "wait", "sleep", "backoff", "pause", "throttle", "cooldown", "jitter",
    };

    private readonly ReconnectPaths _type;
    private readonly ReconnectPath _path;
    private readonly ConfiguredMethodList _backoffMethods;
    private readonly IOperation _root;
    private readonly HashSet<ISymbol> _visiting = new(SymbolEqualityComparer.Default);

    private bool _random;
    private bool _grows;
    private bool _opaque;

    private ReconnectDelay(ReconnectPaths type, ReconnectPath path, ConfiguredMethodList backoffMethods)
    {
        _type = type;
        _path = path;
        _backoffMethods = backoffMethods;
        _root = path.Scope.Root();
    }

    private ReconnectSymbols Symbols => _type.Symbols;

    public static ReconnectDelayKind Classify(ReconnectPaths type, ReconnectPath path, ConfiguredMethodList backoffMethods)
    {
        return new ReconnectDelay(type, path, backoffMethods).Classify();
    }

    private ReconnectDelayKind Classify()
    {
        var waits = 0;
        var verdict = Scan(_path.Scope, skipDeferredCode: _path.Kind == ReconnectPathKind.Loop, ref waits);
        if (verdict is null && _path.ThroughBody is not null)
        {
            verdict = Scan(_path.ThroughBody, skipDeferredCode: true, ref waits);
        }

        if (verdict is { } silent)
        {
            return silent;
        }

        if (waits == 0)
        {
            return ReconnectDelayKind.None;
        }

        if (_opaque)
        {
            return ReconnectDelayKind.Unknown;
        }

        return (_random, _grows) switch
        {
            (true, true) => ReconnectDelayKind.Backoff,
            (false, true) => ReconnectDelayKind.NoJitter,
            (true, false) => ReconnectDelayKind.NoGrowth,
            _ => ReconnectDelayKind.Fixed,
        };
    }

    /// <summary>Visits the code of one attempt; returns a verdict as soon as something makes the rule stay silent.</summary>
    private ReconnectDelayKind? Scan(IOperation scope, bool skipDeferredCode, ref int waits)
    {
        var pending = new Stack<IOperation>();
        pending.Push(scope);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            switch (operation)
            {
                case IInvocationOperation invocation:
                    var verdict = ClassifyCall(invocation, ref waits);
                    if (verdict is not null)
                    {
                        return verdict;
                    }

                    break;

                case IAwaitOperation awaited when awaited.Operation.WithoutImplicitConversions() is not IInvocationOperation:
                    // Awaiting a task made elsewhere (a reconnect signal, a timer): the wait is out of sight.
                    return ReconnectDelayKind.Unknown;

                case IObjectCreationOperation creation when creation.Type.IsOrDerivesFrom(Symbols.ReconnectBackoff):
                    return ReconnectDelayKind.Backoff;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (!skipDeferredCode || !child.IsExecutionBoundary())
                {
                    pending.Push(child);
                }
            }
        }

        return null;
    }

    private ReconnectDelayKind? ClassifyCall(IInvocationOperation invocation, ref int waits)
    {
        var method = invocation.TargetMethod;
        if (Symbols.IsDelay(method))
        {
            waits++;
            if (invocation.Arguments.Length == 0)
            {
                return ReconnectDelayKind.Unknown;
            }

            VisitDelayLength(invocation.Arguments[0].Value);
            return null;
        }

        if (_backoffMethods.Contains(method)
            || method.ContainingType.IsOrDerivesFrom(Symbols.ReconnectBackoff)
            || IsPolly(method))
        {
            return ReconnectDelayKind.Backoff;
        }

        if (!Symbols.WebSockets.IsWebSocket(method.ContainingType) && !IsTaskPlumbing(method) && NameSaysItWaits(method.Name))
        {
            return ReconnectDelayKind.Unknown;
        }

        return null;
    }

    private void VisitDelayLength(IOperation length)
    {
        var value = length.WithoutImplicitConversions();
        if (value.ConstantValue is { HasValue: true, Value: int milliseconds } && milliseconds < 0)
        {
            // Timeout.Infinite: the code parks until cancelled; that is not a retry delay.
            _opaque = true;
            return;
        }

        Visit(value);
    }

    private void Visit(IOperation value)
    {
        if (_opaque)
        {
            return;
        }

        value = value.WithoutImplicitConversions();
        if (value.ConstantValue.HasValue)
        {
            return;
        }

        switch (value)
        {
            case ILocalReferenceOperation local:
                VisitVariable(local.Local, _root);
                return;

            case IParameterReferenceOperation parameter:
                VisitVariable(parameter.Parameter, _root);
                return;

            case IFieldReferenceOperation field:
                VisitField(field);
                return;

            case IPropertyReferenceOperation property:
                VisitProperty(property);
                return;

            case IInvocationOperation invocation:
                VisitComputation(invocation.TargetMethod.ContainingType, invocation.Instance, invocation.Arguments);
                return;

            case IObjectCreationOperation creation:
                if (creation.Constructor is null || !Symbols.IsArithmetic(creation.Type))
                {
                    _opaque = true;
                    return;
                }

                VisitAll(creation.Arguments);
                return;

            case IBinaryOperation { OperatorMethod: { } operatorMethod } when !Symbols.IsArithmetic(operatorMethod.ContainingType):
            case IUnaryOperation { OperatorMethod: { } unaryMethod } when !Symbols.IsArithmetic(unaryMethod.ContainingType):
            case IConversionOperation { OperatorMethod: { } conversionMethod } when !Symbols.IsArithmetic(conversionMethod.ContainingType):
            case IAnonymousFunctionOperation:
            case IDelegateCreationOperation:
            case IDynamicInvocationOperation:
            case IDynamicMemberReferenceOperation:
            case IInvalidOperation:
                _opaque = true;
                return;
        }

        foreach (var child in value.ChildOperations)
        {
            Visit(child);
        }
    }

    private void VisitAll(IEnumerable<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            Visit(argument.Value);
        }
    }

    private void VisitComputation(INamedTypeSymbol? type, IOperation? instance, IEnumerable<IArgumentOperation> arguments)
    {
        if (Symbols.IsRandomSource(type))
        {
            _random = true;
        }
        else if (!Symbols.IsArithmetic(type))
        {
            _opaque = true;
            return;
        }

        if (instance is not null)
        {
            Visit(instance);
        }

        VisitAll(arguments);
    }

    private void VisitField(IFieldReferenceOperation reference)
    {
        var field = reference.Field;
        if (field.IsConst)
        {
            return;
        }

        if (Symbols.IsRandomSource(field.Type))
        {
            _random = true;
            return;
        }

        if (_type.IsOwnMember(field, reference.Instance))
        {
            VisitTypeWideVariable(field);
            return;
        }

        if (!field.IsReadOnly)
        {
            _opaque = true;
        }
        else if (IsNamedInfinite(field.Name))
        {
            _opaque = true;
        }
    }

    private void VisitProperty(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        if (Symbols.IsRandomSource(property.Type))
        {
            // Random.Shared and the like.
            _random = true;
            return;
        }

        if (Symbols.IsArithmetic(property.ContainingType) || IsSize(property))
        {
            if (reference.Instance is not null)
            {
                Visit(reference.Instance);
            }

            return;
        }

        if (_type.IsOwnMember(property, reference.Instance) && property.IsAutoProperty())
        {
            VisitTypeWideVariable(property);
            return;
        }

        _opaque = true;
    }

    private void VisitVariable(ISymbol variable, IOperation root)
    {
        if (!_visiting.Add(variable))
        {
            return;
        }

        var writes = new List<IOperation>();
        SymbolWrites.Collect(root, variable, writes);
        if (variable is ILocalSymbol local && writes.Count == 0 && ReconnectPaths.IsDeclaredIn(local, root) && !HasDeclarator(local, root))
        {
            // A foreach or pattern variable: its value comes from elsewhere.
            _opaque = true;
            return;
        }

        VisitWrites(variable, writes, perAttempt: write => _path.RunsPerAttempt(write));
    }

    private void VisitTypeWideVariable(ISymbol member)
    {
        if (!_visiting.Add(member))
        {
            return;
        }

        var writes = new List<IOperation>();
        foreach (var (_, root) in _type.Roots)
        {
            SymbolWrites.Collect(root, member, writes);
        }

        // Any method of the type may run between two attempts; a self-referencing store anywhere means growth.
        VisitWrites(member, writes, perAttempt: static _ => true);
    }

    private void VisitWrites(ISymbol variable, List<IOperation> writes, Func<IOperation, bool> perAttempt)
    {
        foreach (var write in writes)
        {
            if (_opaque)
            {
                return;
            }

            var value = SymbolWrites.StoredValue(write);
            var changesItself = value is null || ReadsSymbol(value, variable);
            if (write is IArgumentOperation or IDeconstructionAssignmentOperation)
            {
                _opaque = true;
                return;
            }

            if (changesItself && perAttempt(write))
            {
                _grows = true;
            }

            if (value is not null)
            {
                Visit(value);
            }
            else if (write is ICompoundAssignmentOperation compound)
            {
                Visit(compound.Value);
            }
            else if (write is ICoalesceAssignmentOperation coalesce)
            {
                Visit(coalesce.Value);
            }
        }
    }

    private static bool ReadsSymbol(IOperation value, ISymbol symbol)
    {
        foreach (var operation in value.DescendantsAndSelf())
        {
            if (operation.ReferencedSymbol() is { } referenced && SymbolEqualityComparer.Default.Equals(referenced.OriginalDefinition, symbol.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDeclarator(ILocalSymbol local, IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The length of an array or the count of a collection: the size of a table of delays.</summary>
    private static bool IsSize(IPropertySymbol property)
    {
        return property.Name is "Length" or "LongLength" or "Count" && ReconnectPaths.IsFrameworkSymbol(property);
    }

    private static bool IsPolly(IMethodSymbol method)
    {
        var namespaceName = method.ContainingNamespace?.ToDisplayString();
        return namespaceName is not null && (namespaceName == "Polly" || namespaceName.StartsWith("Polly.", StringComparison.Ordinal));
    }

    /// <summary><c>ConfigureAwait</c>, <c>Wait</c>, <c>GetAwaiter</c> on a task: the task's own operation is what counts.</summary>
    private static bool IsTaskPlumbing(IMethodSymbol method)
    {
        var namespaceName = method.ContainingNamespace?.ToDisplayString();
        return namespaceName is "System.Threading.Tasks" or "System.Runtime.CompilerServices";
    }

    private static bool NameSaysItWaits(string methodName)
    {
        var name = SymbolNames.Normalize(methodName);
        foreach (var word in s_waitWords)
        {
            if (SymbolNames.Contains(name, word))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNamedInfinite(string name) => name.IndexOf("Infinite", StringComparison.Ordinal) >= 0;
}
