using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>How a reconnect path waits between attempts, as far as the code shows it.</summary>
internal enum ReconnectDelayKind
{
    /// <summary>Nothing waits before the next attempt.</summary>
    None,

    /// <summary>No wait the analysis can see, but the attempt awaits the project's own code, which may pace it.</summary>
    NoneSeen,

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
    private readonly HashSet<ISymbol> _pacingHelpers = new(SymbolEqualityComparer.Default);
    private readonly MemberCalls _calls;

    // Where the value being visited lives: the path's own code, or a helper the delay was followed into,
    // with the arguments its parameters were called with.
    private Frame _frame;

    private bool _random;
    private bool _grows;
    private bool _opaque;
    private bool _backoff;
    private bool _unseenPacing;

    private ReconnectDelay(ReconnectPaths type, ReconnectPath path, ConfiguredMethodList backoffMethods)
    {
        _type = type;
        _path = path;
        _backoffMethods = backoffMethods;
        _root = path.Scope.Root();
        _calls = type.Connects.Calls;
        _frame = new Frame(_root, parent: null, call: null, member: null);
        if (path.ThroughMethod is not null)
        {
            // The path's own method: its waits are the path's, scanned as its scope, not as a helper's.
            _pacingHelpers.Add(path.ThroughMethod.OriginalDefinition);
        }
    }

    private ReconnectSymbols Symbols => _type.Symbols;

    /// <summary>The helper, delegate or option the delay was computed by, when it came from one; null when the path's own code computes it.</summary>
    public string? Source { get; private set; }

    public static ReconnectDelay Classify(ReconnectPaths type, ReconnectPath path, ConfiguredMethodList backoffMethods, out ReconnectDelayKind kind)
    {
        var delay = new ReconnectDelay(type, path, backoffMethods);
        kind = delay.Classify();
        return delay;
    }

    private ReconnectDelayKind Classify()
    {
        var waits = 0;
        if (_path.ScheduledDelay is { } dueTime)
        {
            // A timer's due time is the whole wait: the code around it runs before the timer is started.
            waits++;
            VisitDelayLength(dueTime);
            return Verdict(waits);
        }

        var verdict = Scan(_path.Scope, skipDeferredCode: _path.Loop is not null, ref waits);
        if (verdict is null && _path.ThroughBody is not null)
        {
            verdict = Scan(_path.ThroughBody, skipDeferredCode: true, ref waits);
        }

        if (verdict is { } silent)
        {
            return silent;
        }

        return Verdict(waits);
    }

    private ReconnectDelayKind Verdict(int waits)
    {
        if (waits == 0)
        {
            return _unseenPacing ? ReconnectDelayKind.NoneSeen : ReconnectDelayKind.None;
        }

        if (_backoff)
        {
            return ReconnectDelayKind.Backoff;
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

                case IInvalidOperation invalid when UnboundDelayLength(invalid) is { } length:
                    waits++;
                    VisitDelayLength(length);
                    break;

                case IInvalidOperation { Syntax: InvocationExpressionSyntax call } when NameSaysItWaits(CalledName(call)):
                    // A call the compiler could not bind (a package not restored) whose name says it waits.
                    return ReconnectDelayKind.Unknown;

                case IAwaitOperation awaited when awaited.Operation.WithoutImplicitConversions() is not IInvocationOperation
                    && !(awaited.Operation.WithoutImplicitConversions() is IInvalidOperation awaitedInvalid && UnboundDelayLength(awaitedInvalid) is not null)
                    && !RunsOnlyBeforeLeaving(awaited):
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
        if (PeriodicTimerTicks.IsTick(invocation, Symbols))
        {
            // The loop's wait is the timer's period; a period the analysis cannot pin down paces it out of sight.
            waits++;
            if (PeriodicTimerTicks.Period(invocation, _type.Roots) is not { } period)
            {
                return ReconnectDelayKind.Unknown;
            }

            VisitDelayLength(period);
            return null;
        }

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

        var helper = _calls.Target(invocation, _type.CancellationToken) as IMethodSymbol;
        if (helper is { DeclaringSyntaxReferences.IsEmpty: false })
        {
            // The project's own code: what it does decides, not its name.
            if (ReferenceEquals(invocation, _path.ConnectStep))
            {
                // A connect method that waits between its own attempts paces this path in a way of its own.
                return _path.IsDirect || CountHelperWaits(invocation, helper, depth: 1) == 0 ? null : ReconnectDelayKind.Unknown;
            }

            if (RunsBeforeNextStatement(invocation))
            {
                var helperWaits = CountHelperWaits(invocation, helper, depth: 1);
                if (helperWaits == 0 && !IsLogging(method) && NameSaysItWaits(method.Name) && IsStatement(invocation))
                {
                    // Named as a wait, with none in sight: it waits in a way the analysis does not follow.
                    return ReconnectDelayKind.Unknown;
                }

                waits += helperWaits;
            }

            return null;
        }

        if (!Symbols.WebSockets.IsWebSocket(method.ContainingType) && !IsTaskPlumbing(method) && !IsLogging(method) && NameSaysItWaits(method.Name))
        {
            return ReconnectDelayKind.Unknown;
        }

        return null;
    }

    /// <summary>
    /// The length argument of <c>Task.Delay(…)</c> or <c>Thread.Sleep(…)</c> that the compiler could not bind because
    /// <c>Task</c> or <c>Thread</c> is not in scope (a project that relies on implicit usings, built without them):
    /// the call is unambiguous by its spelling.
    /// </summary>
    private static IOperation? UnboundDelayLength(IInvalidOperation invalid)
    {
        if (invalid.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax type, Name: { } name } } call
            || !(type.Identifier.ValueText == "Task" && name.Identifier.ValueText == "Delay"
                || type.Identifier.ValueText == "Thread" && name.Identifier.ValueText == "Sleep")
            || call.ArgumentList.Arguments.Count == 0)
        {
            return null;
        }

        var first = call.ArgumentList.Arguments[0];
        foreach (var child in invalid.ChildOperations)
        {
            if (child.Syntax == first.Expression || child.Syntax == first)
            {
                return child is IArgumentOperation argument ? argument.Value : child;
            }
        }

        return null;
    }

    private static string CalledName(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => string.Empty,
    };

    /// <summary>
    /// <c>TimeSpan.FromSeconds(…)</c> or <c>Math.…(…)</c> left unbound because <c>System</c> is not in scope (implicit
    /// usings missing): arithmetic by its spelling, so its arguments decide.
    /// </summary>
    private static bool IsUnboundArithmetic(IOperation invalid)
    {
        return invalid.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax type } }
            && type.Identifier.ValueText is "TimeSpan" or "Math";
    }

    /// <summary>A call made for what it does, not for a value it returns (a delay it computes is visited where it is used).</summary>
    private static bool IsStatement(IInvocationOperation invocation)
    {
        var parent = invocation.Parent;
        while (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } or IConversionOperation or IAwaitOperation)
        {
            parent = parent.Parent;
        }

        return parent is IExpressionStatementOperation;
    }

    /// <summary>A call whose work is done before the code after it runs: awaited, or synchronous; not a task left running.</summary>
    private static bool RunsBeforeNextStatement(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.ReturnsVoid)
        {
            return true;
        }

        var parent = invocation.Parent;
        while (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } or IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IAwaitOperation;
    }

    /// <summary>
    /// The waits of a method of the project that an attempt calls (its own pacing helper), followed a few calls
    /// deep; each one's length is visited with the helper's parameters bound to the call's arguments. A helper
    /// that is awaited but shows no wait may still pace the loop in a way the analysis cannot see.
    /// </summary>
    private int CountHelperWaits(IInvocationOperation call, IMethodSymbol helper, int depth)
    {
        if (depth > MemberCalls.MaxDepth || !_pacingHelpers.Add(helper.OriginalDefinition) || _calls.Code.Body(helper, _type.CancellationToken) is not { } body)
        {
            return 0;
        }

        var saved = _frame;
        _frame = new Frame(body, saved, call, helper);
        var waits = 0;
        var usesWebSocket = false;
        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation inner && !IsInDeferredCode(inner, body))
            {
                if (Symbols.IsDelay(inner.TargetMethod) && inner.Arguments.Length > 0)
                {
                    waits++;
                    Source ??= helper.Name;
                    VisitDelayLength(inner.Arguments[0].Value);
                }
                else if (Symbols.WebSockets.IsWebSocket(inner.TargetMethod.ContainingType) || Symbols.WebSockets.IsWebSocket(inner.Instance?.Type))
                {
                    usesWebSocket = true;
                }
                else if (RunsBeforeNextStatement(inner) && _calls.Target(inner, _type.CancellationToken) is IMethodSymbol { DeclaringSyntaxReferences.IsEmpty: false } next)
                {
                    waits += CountHelperWaits(inner, next, depth + 1);
                }
            }
        }

        _frame = saved;
        if (waits == 0 && !usesWebSocket && !call.TargetMethod.ReturnsVoid && RunsBeforeNextStatement(call))
        {
            _unseenPacing = true;
        }

        return waits;
    }

    private static bool IsInDeferredCode(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, body); current = current.Parent)
        {
            if (current.IsExecutionBoundary())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when, in a loop, the code after <paramref name="operation"/> in one of its enclosing blocks leaves the
    /// loop for good (<c>break</c>, <c>return</c>): it runs after a successful attempt, not between two attempts.
    /// </summary>
    private bool RunsOnlyBeforeLeaving(IOperation operation)
    {
        if (_path.Loop is not { } loop)
        {
            return false;
        }

        for (IOperation? child = operation, parent = operation.Parent; parent is not null && !ReferenceEquals(child, loop); child = parent, parent = parent.Parent)
        {
            if (parent is not IBlockOperation block)
            {
                continue;
            }

            var after = false;
            foreach (var statement in block.Operations)
            {
                if (ReferenceEquals(statement, child))
                {
                    after = true;
                }
                else if (after && statement is IBranchOperation { BranchKind: BranchKind.Break } branch && SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel)
                    || after && statement is IReturnOperation { Kind: OperationKind.Return })
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A logging call (a method of a logger, or an extension of one): its name describes, it does not wait.</summary>
    private static bool IsLogging(IMethodSymbol method)
    {
        var original = method.ReducedFrom ?? method;
        if (original.IsExtensionMethod && original.Parameters.Length > 0 && IsLoggerType(original.Parameters[0].Type))
        {
            return true;
        }

        return IsLoggerType(method.ContainingType) || method.Name.StartsWith("Log", StringComparison.Ordinal);
    }

    private static bool IsLoggerType(ITypeSymbol? type) => type is not null && type.Name.IndexOf("Logger", StringComparison.Ordinal) >= 0;

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
                VisitVariable(local.Local, _frame.Root);
                return;

            case IParameterReferenceOperation parameter:
                VisitParameter(parameter.Parameter);
                return;

            case IAwaitOperation awaited:
                Visit(awaited.Operation);
                return;

            case IFieldReferenceOperation field:
                VisitField(field);
                return;

            case IPropertyReferenceOperation property:
                VisitProperty(property);
                return;

            case IInvocationOperation invocation:
                VisitInvocation(invocation);
                return;

            case IInvalidOperation { Syntax: InvocationExpressionSyntax call } when IsUnboundArithmetic(value):
                foreach (var child in value.ChildOperations)
                {
                    if (child.Syntax is ArgumentSyntax || (child.Syntax.Parent is ArgumentSyntax argument && argument.Parent == call.ArgumentList))
                    {
                        Visit(child is IArgumentOperation passed ? passed.Value : child);
                    }
                }

                return;

            case IObjectCreationOperation creation:
                if (creation.Constructor is null || !(Symbols.IsArithmetic(creation.Type) || IsValueWrapper(creation.Type)))
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
            case IInvalidOperation when !IsUnboundArithmetic(value):
                _opaque = true;
                return;
        }

        foreach (var child in value.ChildOperations)
        {
            Visit(child);
        }
    }

    private void VisitInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (_backoffMethods.Contains(method) || method.ContainingType.IsOrDerivesFrom(Symbols.ReconnectBackoff) || IsPolly(method))
        {
            _backoff = true;
            return;
        }

        if (Symbols.IsRandomSource(method.ContainingType) || Symbols.IsArithmetic(method.ContainingType))
        {
            VisitComputation(method.ContainingType, invocation.Instance, invocation.Arguments);
            return;
        }

        if (IsValueWrapper(method.ContainingType) || IsTaskPlumbing(method))
        {
            // Task.FromResult(x), task.ConfigureAwait(false), nullable.GetValueOrDefault(): the value inside.
            if (invocation.Instance is not null)
            {
                Visit(invocation.Instance);
            }

            VisitAll(invocation.Arguments);
            return;
        }

        if (_calls.Target(invocation, _type.CancellationToken) is { } target && !target.DeclaringSyntaxReferences.IsEmpty)
        {
            Follow(target, invocation);
            return;
        }

        _opaque = true;
    }

    /// <summary>
    /// Follows a delay computed by the project's own code: a helper's return values, or the lambda a
    /// delegate-typed field or property is initialized with (an option's default), with the helper's
    /// parameters standing for the call's arguments.
    /// </summary>
    private void Follow(ISymbol target, IInvocationOperation? call)
    {
        if (!_visiting.Add(target))
        {
            // Already being followed: what it returns is being visited.
            return;
        }

        if (Depth() >= MemberCalls.MaxDepth || _calls.Code.Body(target, _type.CancellationToken) is not { } body)
        {
            _opaque = true;
            return;
        }

        IOperation code = body;
        ISymbol member = target;
        if (target is IFieldSymbol or IPropertySymbol)
        {
            if (FunctionIn(body) is not { } function)
            {
                _opaque = true;
                return;
            }

            code = function;
            member = function.Symbol;
        }

        Source ??= target.Name;
        var saved = _frame;
        _frame = new Frame(code, saved, call, member);
        var returns = 0;
        foreach (var operation in code.Descendants())
        {
            if (operation is IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { } value }
                && !IsInDeferredCode(operation, code is IAnonymousFunctionOperation lambda ? lambda.Body : code))
            {
                returns++;
                Visit(value);
            }
        }

        _frame = saved;
        _opaque |= returns == 0;
    }

    private static IAnonymousFunctionOperation? FunctionIn(IOperation initializer)
    {
        foreach (var operation in initializer.Descendants())
        {
            switch (operation)
            {
                case IAnonymousFunctionOperation function:
                    return function;
                case IInvocationOperation or IObjectCreationOperation:
                    return null;
            }
        }

        return null;
    }

    private int Depth()
    {
        var depth = 0;
        for (var frame = _frame.Parent; frame is not null; frame = frame.Parent)
        {
            depth++;
        }

        return depth;
    }

    private void VisitParameter(IParameterSymbol parameter)
    {
        if (_frame.Parent is null || _frame.Call is null)
        {
            VisitVariable(parameter, _frame.Root);
            return;
        }

        if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor })
        {
            // A setting handed to an options object's constructor: configured by its caller, like a property.
            return;
        }

        if (!SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.OriginalDefinition, _frame.Member?.OriginalDefinition))
        {
            // A parameter of a lambda inside the helper: its value comes from whoever calls that lambda.
            _opaque = true;
            return;
        }

        var writes = new List<IOperation>();
        SymbolWrites.Collect(_frame.Root, parameter, writes);
        if (writes.Count > 0)
        {
            _opaque = true;
            return;
        }

        foreach (var argument in _frame.Call.Arguments)
        {
            if (argument.Parameter?.Ordinal == parameter.Ordinal)
            {
                var saved = _frame;
                _frame = saved.Parent;
                Visit(argument.Value);
                _frame = saved;
                return;
            }
        }

        // Not passed: its default value, a constant.
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

        if (_type.IsOwnMember(field, reference.Instance) || IsOfSourceType(field))
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

        if (Symbols.IsArithmetic(property.ContainingType) || IsSize(property) || IsValueWrapper(property.ContainingType))
        {
            if (reference.Instance is not null)
            {
                Visit(reference.Instance);
            }

            return;
        }

        if ((property.IsAutoProperty() || IsPositionalRecordProperty(property)) && (_type.IsOwnMember(property, reference.Instance) || IsOfSourceType(property)))
        {
            // An option: its default and whatever its own type stores into it; what users configure is theirs.
            VisitTypeWideVariable(property);
            return;
        }

        if (IsOfSourceType(property) && property.GetMethod is { } getter && !property.IsVirtual && !property.IsAbstract)
        {
            Follow(getter, call: null);
            return;
        }

        _opaque = true;
    }

    private static bool IsOfSourceType(ISymbol member) => !member.DeclaringSyntaxReferences.IsEmpty;

    /// <summary>A property a record declares from its primary constructor's parameter: set where the record is created.</summary>
    private static bool IsPositionalRecordProperty(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Task, ValueTask and Nullable: they carry a value the delay is computed from.</summary>
    private static bool IsValueWrapper(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return true;
        }

        return named.Name is "Task" or "ValueTask"
            && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
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

        var inPathCode = _frame.Parent is null;
        VisitWrites(variable, writes, perAttempt: write => inPathCode && _path.RunsPerAttempt(write));
    }

    private void VisitTypeWideVariable(ISymbol member)
    {
        if (!_visiting.Add(member))
        {
            return;
        }

        var roots = SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, _type.Type.OriginalDefinition)
            ? _type.Roots
            : _calls.Code.TypeRoots(member.ContainingType!, _type.CancellationToken);
        var writes = new List<IOperation>();
        foreach (var (owner, root) in roots)
        {
            SymbolWrites.Collect(root, member, writes);
            if (SymbolEqualityComparer.Default.Equals(owner.OriginalDefinition, member.OriginalDefinition) && root is ISymbolInitializerOperation initializer)
            {
                // The default value: it runs once, it cannot make the delay grow.
                var saved = _frame;
                _frame = new Frame(root, saved, call: null, member);
                Visit(initializer.Value);
                _frame = saved;
            }
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

    /// <summary>The code a value is read in, and for a followed helper, the call whose arguments its parameters stand for.</summary>
    private sealed class Frame
    {
        public Frame(IOperation root, Frame? parent, IInvocationOperation? call, ISymbol? member)
        {
            Root = root;
            Parent = parent;
            Call = call;
            Member = member;
        }

        public IOperation Root { get; }

        public Frame? Parent { get; }

        public IInvocationOperation? Call { get; }

        public ISymbol? Member { get; }
    }
}
