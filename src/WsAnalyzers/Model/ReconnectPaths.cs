using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

internal enum ReconnectPathKind
{
    /// <summary>A <c>while</c>, <c>do</c> or <c>for</c> loop that runs <c>ConnectAsync</c> again on its next pass.</summary>
    Loop,

    /// <summary>A method that connects and calls itself again (from a catch, a continuation or a close handler).</summary>
    Recursion,

    /// <summary>A method that connects through a call whose code calls the method back (connect → on-closed → reconnect → connect).</summary>
    Cycle,

    /// <summary>A method that connects and, on its way out, starts a <c>System.Threading.Timer</c> whose callback runs it again.</summary>
    Timer,

    /// <summary>A <c>while (await timer.WaitForNextTickAsync(…))</c> loop that connects on its passes.</summary>
    PeriodicTimer,

    /// <summary>The <c>Elapsed</c> handler of a <c>System.Timers.Timer</c> that connects, and fires again.</summary>
    ElapsedTimer,

    /// <summary>The handler of a close, disconnect or error event that connects again.</summary>
    DropEvent,

    /// <summary>An override of a base class's protected drop hook (<c>OnDisconnected</c>) that connects again.</summary>
    DropHook,
}

/// <summary>One way a <c>ClientWebSocket.ConnectAsync</c> call gets repeated.</summary>
internal sealed class ReconnectPath
{
    public ReconnectPath(
        ReconnectPathKind kind,
        IInvocationOperation connect,
        IOperation connectStep,
        IOperation scope,
        ILoopOperation? loop,
        IMethodSymbol? throughMethod,
        IOperation? throughBody,
        bool isDirect = true,
        IOperation? scheduledDelay = null,
        string? description = null,
        ReconnectPhase phase = ReconnectPhase.Unknown)
    {
        Phase = phase;
        Description = description;
        IsDirect = isDirect;
        ScheduledDelay = scheduledDelay;
        Kind = kind;
        Connect = connect;
        ConnectStep = connectStep;
        Scope = scope;
        Loop = loop;
        ThroughMethod = throughMethod;
        ThroughBody = throughBody;
    }

    public ReconnectPathKind Kind { get; }

    /// <summary>Which connect the path repeats: a first connect that failed, or a connection that dropped.</summary>
    public ReconnectPhase Phase { get; }

    /// <summary>How the message names the path, for the kinds whose finder words it (which timer or event runs it).</summary>
    public string? Description { get; }

    /// <summary>The <c>ConnectAsync</c> call that runs again, or the call of the project's own method that connects.</summary>
    public IInvocationOperation Connect { get; }

    /// <summary>True when <see cref="Connect"/> is <c>ClientWebSocket.ConnectAsync</c> itself, false for the project's own connect method.</summary>
    public bool IsDirect { get; }

    /// <summary>For a timer path, the timer's due time: the wait before the next attempt.</summary>
    public IOperation? ScheduledDelay { get; }

    /// <summary>What the message calls the retried connect: the call's name, or for a timer path the method the timer runs again.</summary>
    public string ConnectName => Kind == ReconnectPathKind.Timer && ThroughMethod is not null ? ThroughMethod.Name : Connect.TargetMethod.Name;

    /// <summary>
    /// Where the path reaches the connect: the call itself, or in a loop that connects through a method
    /// of the same type, the call to that method. Diagnostics about the path go here.
    /// </summary>
    public IOperation ConnectStep { get; }

    /// <summary>The code that runs between two attempts: the loop, or the recursive method's body.</summary>
    public IOperation Scope { get; }

    public ILoopOperation? Loop { get; }

    /// <summary>For a loop that connects through a method of its type, a recursion or a cycle, that method (for a cycle, the one that retries).</summary>
    public IMethodSymbol? ThroughMethod { get; }

    /// <summary>The body of <see cref="ThroughMethod"/> when the loop connects through it.</summary>
    public IOperation? ThroughBody { get; }

    /// <summary>True when <paramref name="operation"/> runs as part of an attempt: inside the scope or the method connected through.</summary>
    public bool RunsPerAttempt(IOperation operation)
    {
        return Contains(Scope, operation) || (ThroughBody is not null && Contains(ThroughBody, operation));
    }

    /// <summary>The call as written: <c>ws?.ConnectAsync(…)</c> rather than its <c>.ConnectAsync(…)</c> part.</summary>
    public static SyntaxNode CallSyntax(IOperation call)
    {
        return call.Parent is IConditionalAccessOperation access && ReferenceEquals(access.WhenNotNull, call)
            ? access.Syntax
            : call.Syntax;
    }

    public static bool Contains(IOperation outer, IOperation inner)
    {
        return inner.Syntax.SyntaxTree == outer.Syntax.SyntaxTree && outer.Syntax.Span.Contains(inner.Syntax.Span);
    }
}

/// <summary>
/// Finds the reconnect paths of one type: loops (not <c>foreach</c>) and recursive methods that run
/// <c>ClientWebSocket.ConnectAsync</c> again, directly or through a method of the same type.
/// Both reconnect rules use it, so that they agree on what a reconnect is.
/// </summary>
internal sealed class ReconnectPaths
{
    // A loop that takes the next item of a queue or reader connects to a new endpoint on each pass:
    // that is a work loop, not a reconnect.
    private static readonly string[] s_nextItemMethodPrefixes =
    {
        "Dequeue", "TryDequeue", "Take", "TryTake", "Pop", "TryPop", "Read", "TryRead", "WaitToRead", "Receive", "MoveNext",
    };

    /// <summary>WS0002 and WS0005 look for the same types in a tree: found once for both.</summary>
    private static readonly object s_reconnectRules = new();

    private readonly IReadOnlyList<(ISymbol Owner, IOperation Root)> _roots;
    private readonly FoundReconnectPaths _found;

    private ReconnectPaths(
        INamedTypeSymbol type,
        ReconnectSymbols symbols,
        ConnectMethods connects,
        FoundReconnectPaths found,
        IReadOnlyList<(ISymbol Owner, IOperation Root)> roots,
        CancellationToken cancellationToken)
    {
        Type = type;
        Symbols = symbols;
        Connects = connects;
        _found = found;
        _roots = roots;
        CancellationToken = cancellationToken;
    }

    /// <summary>The compilation's own connect methods, and through them its code.</summary>
    public ConnectMethods Connects { get; }

    public CancellationToken CancellationToken { get; }

    public INamedTypeSymbol Type { get; }

    public ReconnectSymbols Symbols { get; }

    /// <summary>The bodies and initializers of the type's members, for questions that span the type.</summary>
    public IReadOnlyList<(ISymbol Owner, IOperation Root)> Roots => _roots;

    /// <summary>
    /// Registers, for compilations that have <c>ClientWebSocket</c>, a call of <paramref name="analyzeType"/>
    /// for every type whose code spells <c>ConnectAsync</c> or calls a connect method and that <see cref="ReconnectCandidates"/> finds a
    /// path could start in; any other type has no reconnect path, and is never bound.
    /// </summary>
    public static void Register(AnalysisContext context, Action<MentionedTypeContext, ReconnectPaths> analyzeType)
    {
        context.RegisterCompilationStartWhereSpelled(Mentions.Connect | Mentions.ConnectCall, start => RegisterTypeAnalysis(start, analyzeType));
    }

    private static void RegisterTypeAnalysis(CompilationStartAnalysisContext start, Action<MentionedTypeContext, ReconnectPaths> analyzeType)
    {
        // Looked up when a file first names a connect, so a project without one never binds them.
        var compilation = start.Compilation;
        var model = new Lazy<(ReconnectSymbols Symbols, ConnectMethods Connects, ReconnectCandidates Candidates)?>(
            () =>
            {
                if (!ReconnectSymbols.TryGet(compilation, out var symbols))
                {
                    return null;
                }

                var connects = ConnectMethods.For(compilation, symbols);
                return (symbols, connects, ReconnectCandidates.For(compilation, connects, symbols));
            },
            System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        start.RegisterTypeAnalysisWhereMentioned(
            Mentions.Connect | Mentions.ConnectCall,
            type =>
            {
                if (model.Value is { } found)
                {
                    analyzeType(type, new ReconnectPaths(type.Type, found.Symbols, found.Connects, FoundReconnectPaths.For(compilation), type.Roots, type.CancellationToken));
                }
            },
            (type, semanticModel, cancellationToken) => ReconnectCandidates.MayStartPath(type, semanticModel, cancellationToken)
                && model.Value is { } found
                && found.Candidates.MayReconnect(type, cancellationToken),
            sharedBy: s_reconnectRules);
    }

    /// <summary>
    /// Every reconnect path of the type, at most one per connect step: a connect in a reconnect loop
    /// of its own method wins over a recursion, which wins over loops that reach it through a call.
    /// The paths through timer <c>Elapsed</c>, drop-event and drop-hook handlers are left out unless
    /// <paramref name="withHandlerPaths"/> is set; they are found once with the others, for both rules.
    /// </summary>
    public IReadOnlyList<ReconnectPath> Find(bool withHandlerPaths = true)
    {
        var all = _found.Of(Type, FindAll);
        if (withHandlerPaths)
        {
            return all;
        }

        var withoutHandlers = new List<ReconnectPath>(all.Count);
        foreach (var path in all)
        {
            if (path.Kind is not (ReconnectPathKind.ElapsedTimer or ReconnectPathKind.DropEvent or ReconnectPathKind.DropHook))
            {
                withoutHandlers.Add(path);
            }
        }

        return withoutHandlers;
    }

    /// <summary>
    /// Handler paths come last, and only where no other path covers their connect: the other paths do not depend on
    /// them, so leaving the handlers' kinds out gives what a search without handlers finds.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    private IReadOnlyList<ReconnectPath> FindAll()
    {
        var connects = new List<(IInvocationOperation Call, IOperation Root)>();
        var ownConnects = new List<(IInvocationOperation Call, IOperation Root)>();
        var timers = new List<(IObjectCreationOperation Creation, IOperation Root)>();
        var subscriptions = new List<IEventAssignmentOperation>();
        var handlerPaths = new List<ReconnectPath>();
        var calls = new List<IInvocationOperation>();
        foreach (var (owner, root) in _roots)
        {
            if (DropHookRetry.Find(this, owner, root) is { } hookPath)
            {
                handlerPaths.Add(hookPath);
            }

            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IInvocationOperation invocation when invocation.TargetMethod.Name == "ConnectAsync" && Symbols.IsConnectAsync(invocation.TargetMethod):
                        connects.Add((invocation, root));
                        break;

                    case IInvocationOperation invocation when IsCallToOwnMethod(invocation):
                        calls.Add(invocation);
                        if (ConnectMethods.MayConnect(invocation.TargetMethod.Name))
                        {
                            ownConnects.Add((invocation, root));
                        }

                        break;

                    case IInvocationOperation invocation when ConnectMethods.MayConnect(invocation.TargetMethod.Name)
                        && invocation.TargetMethod.MethodKind != MethodKind.DelegateInvoke:
                        ownConnects.Add((invocation, root));
                        break;

                    case IObjectCreationOperation creation when Symbols.ThreadingTimer is not null
                        && SymbolEqualityComparer.Default.Equals(creation.Type, Symbols.ThreadingTimer):
                        timers.Add((creation, root));
                        break;

                    case IEventAssignmentOperation { Adds: true } subscription:
                        subscriptions.Add(subscription);
                        break;
                }
            }
        }

        var paths = new List<ReconnectPath>();
        foreach (var (connect, root) in connects)
        {
            var uri = connect.Arguments.Length > 0 ? connect.Arguments[0].Value : null;
            if (FindReconnectLoop(connect, uri is null ? ImmutableArray<IOperation>.Empty : ImmutableArray.Create(uri)) is { } loop)
            {
                paths.Add(new ReconnectPath(KindOf(loop), connect, connect, loop, loop, throughMethod: null, throughBody: null));
                continue;
            }

            if (EnclosingFunction(connect, root) is not var (function, body) || function is null)
            {
                continue;
            }

            var recursive = false;
            foreach (var call in calls)
            {
                if (IsCallTo(call, function) && ReconnectPath.Contains(body, call))
                {
                    recursive = true;
                    break;
                }
            }

            if (recursive)
            {
                paths.Add(new ReconnectPath(ReconnectPathKind.Recursion, connect, connect, body, loop: null, function, throughBody: null));
                continue;
            }

            foreach (var call in calls)
            {
                if (!IsCallTo(call, function) || ReconnectPath.Contains(body, call))
                {
                    continue;
                }

                if (FindReconnectLoop(call) is { } callerLoop)
                {
                    paths.Add(new ReconnectPath(KindOf(callerLoop), connect, call, callerLoop, callerLoop, function, body));
                }
            }
        }

        // A timer that runs the connect again is that connect's retry; the callback's call back into it is not another.
        foreach (var (creation, root) in timers)
        {
            if (EnclosingFunction(creation, root) is var (function, body) && function is not null
                && TimerRetry.Find(this, creation, function, body) is { } timerPath)
            {
                paths.Add(timerPath);
            }
        }

        AddPathsThroughConnectMethods(ownConnects, paths);
        foreach (var subscription in subscriptions)
        {
            if ((ElapsedRetry.Find(this, subscription) ?? DropEventRetry.Find(this, subscription)) is { } path)
            {
                handlerPaths.Add(path);
            }
        }

        AddHandlerPaths(handlerPaths, paths);
        return paths;
    }

    /// <summary>
    /// Timer <c>Elapsed</c> handlers, close, disconnect or error handlers and drop hooks that connect: only where no loop,
    /// recursion or cycle already covers that connect.
    /// </summary>
    private static void AddHandlerPaths(List<ReconnectPath> handlerPaths, List<ReconnectPath> paths)
    {
        foreach (var path in handlerPaths)
        {
            var covered = false;
            foreach (var known in paths)
            {
                if (ReferenceEquals(known.ConnectStep.Syntax, path.ConnectStep.Syntax) || ReconnectPath.Contains(known.Scope, path.ConnectStep))
                {
                    covered = true;
                    break;
                }
            }

            if (!covered)
            {
                paths.Add(path);
            }
        }
    }

    /// <summary>
    /// Loops, recursions and cycles around a call of the project's own connect method (a wrapper of
    /// <c>ConnectAsync</c>): only where no path of the direct connect already covers that loop or method.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    private void AddPathsThroughConnectMethods(List<(IInvocationOperation Call, IOperation Root)> candidates, List<ReconnectPath> paths)
    {
        var covered = new HashSet<SyntaxNode>();
        var coveredMethods = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var path in paths)
        {
            covered.Add(path.Scope.Syntax);
            if (path.ThroughMethod is not null)
            {
                coveredMethods.Add(path.ThroughMethod.OriginalDefinition);
            }
        }

        var cycles = new List<(ReconnectPath Path, ISymbol Target, int Depth)>();
        foreach (var (call, root) in candidates)
        {
            var target = Connects.Calls.Target(call, CancellationToken);
            if (Connects.Depth(target, CancellationToken) is not { } depth || depth == 0 || target is null)
            {
                continue;
            }

            if (FindReconnectLoop(call) is { } loop)
            {
                // A receive loop that reconnects when the peer closes keeps receiving on what the call set up:
                // whether it repeats the connect depends on state the analysis does not follow.
                if (!ReceivesInBody(loop) && covered.Add(loop.Syntax))
                {
                    paths.Add(new ReconnectPath(KindOf(loop), call, call, loop, loop, throughMethod: null, throughBody: null, isDirect: false));
                }

                continue;
            }

            if (EnclosingFunction(call, root) is not var (function, body)
                || function is null
                || coveredMethods.Contains(function.OriginalDefinition))
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(target, function.OriginalDefinition))
            {
                coveredMethods.Add(function.OriginalDefinition);
                paths.Add(new ReconnectPath(ReconnectPathKind.Recursion, call, call, body, loop: null, function, throughBody: null, isDirect: false));
            }
            else if (Connects.Calls.Reaches(target, function, CancellationToken))
            {
                cycles.Add((new ReconnectPath(ReconnectPathKind.Cycle, call, call, body, loop: null, function, throughBody: null, isDirect: false), target, depth));
            }
        }

        // One path per cycle: the call closest to the socket's ConnectAsync is the one that retries it.
        cycles.Sort((a, b) => a.Depth != b.Depth ? a.Depth.CompareTo(b.Depth) : a.Path.Connect.Syntax.SpanStart.CompareTo(b.Path.Connect.Syntax.SpanStart));
        foreach (var (path, target, _) in cycles)
        {
            if (coveredMethods.Contains(path.ThroughMethod!.OriginalDefinition) || coveredMethods.Contains(target))
            {
                continue;
            }

            coveredMethods.Add(path.ThroughMethod.OriginalDefinition);
            coveredMethods.Add(target);
            paths.Add(path);
        }
    }

    private ReconnectPathKind KindOf(ILoopOperation loop) =>
        PeriodicTimerTicks.IsTickLoop(loop, Symbols) ? ReconnectPathKind.PeriodicTimer : ReconnectPathKind.Loop;

    private bool ReceivesInBody(ILoopOperation loop)
    {
        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "ReceiveAsync" } receive
                && Symbols.WebSockets.IsWebSocket(receive.TargetMethod.ContainingType)
                && !IsInCatchOrDeferredCode(receive, loop)
                && InnermostLoop(receive, loop) == loop)
            {
                return true;
            }
        }

        return false;
    }

    private static ILoopOperation? InnermostLoop(IOperation operation, ILoopOperation outer)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation loop)
            {
                return loop;
            }

            if (ReferenceEquals(current, outer))
            {
                break;
            }
        }

        return outer;
    }

    private bool IsCallToOwnMethod(IInvocationOperation invocation)
    {
        var target = invocation.TargetMethod;
        return (invocation.Instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            && Declares(target)
            && target.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction;
    }

    private static bool IsCallTo(IInvocationOperation call, IMethodSymbol method)
    {
        return SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition);
    }

    /// <summary>The method or local function whose own code (not a lambda in it) makes the call, and its body.</summary>
    private (IMethodSymbol? Function, IOperation Body)? EnclosingFunction(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILocalFunctionOperation localFunction:
                    return (localFunction.Symbol, localFunction);
                case IAnonymousFunctionOperation:
                    return null;
                case ILoopOperation loop when loop.LoopKind != LoopKind.ForEach:
                    // A connect inside a loop that is not a reconnect loop (a fan-out) is not a reconnect step.
                    return null;
            }
        }

        foreach (var (owner, ownerRoot) in _roots)
        {
            if (ReferenceEquals(ownerRoot, root))
            {
                return owner is IMethodSymbol { MethodKind: MethodKind.Ordinary } method ? (method, root) : null;
            }
        }

        return null;
    }

    /// <summary>The innermost loop around <paramref name="call"/> that runs it again, with the same arguments, on its next pass, or null.</summary>
    public ILoopOperation? FindReconnectLoop(IInvocationOperation call)
    {
        var inputs = ImmutableArray.CreateBuilder<IOperation>(call.Arguments.Length);
        foreach (var argument in call.Arguments)
        {
            inputs.Add(argument.Value);
        }

        return FindReconnectLoop(call, inputs.MoveToImmutable());
    }

    /// <summary>
    /// The innermost loop around <paramref name="step"/> (in the same method, lambda or local function)
    /// that runs it again on its next pass, or null.
    /// </summary>
    private ILoopOperation? FindReconnectLoop(IOperation step, ImmutableArray<IOperation> inputs)
    {
        var child = step;
        for (var parent = step.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (child.IsExecutionBoundary())
            {
                return null;
            }

            if (parent is ILoopOperation { LoopKind: LoopKind.While or LoopKind.For } loop
                && ReferenceEquals(child, loop.Body)
                && IsReconnectLoop(loop, step, inputs))
            {
                return loop;
            }
        }

        return null;
    }

    private bool IsReconnectLoop(ILoopOperation loop, IOperation step, ImmutableArray<IOperation> inputs)
    {
        foreach (var input in inputs)
        {
            if (VariesPerPass(input, loop, depth: 0))
            {
                return false;
            }
        }

        var condition = loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };

        if (loop is IForLoopOperation && condition is not null && BoundedByCollectionSize(condition))
        {
            return false;
        }

        if (condition is null || KeepsRunning(condition, loop is IWhileLoopOperation { ConditionIsUntil: true } ? false : true))
        {
            return true;
        }

        return LeavesAfterSuccess(loop, step);
    }

    /// <summary>
    /// True for a condition that keeps a loop going until something outside it changes: <c>true</c>,
    /// a flag, cancellation or the socket's state, combined with <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>.
    /// A counter compared against a bound is not one: it may just count clients.
    /// </summary>
    private bool KeepsRunning(IOperation condition, bool continueWhen)
    {
        condition = condition.WithoutImplicitConversions();
        if (continueWhen && PeriodicTimerTicks.IsTick(condition, Symbols))
        {
            // Ticks until the timer is disposed or its token cancelled: outside the loop, like a flag.
            return true;
        }

        if (condition.ConstantValue is { HasValue: true, Value: bool constant })
        {
            return constant == continueWhen;
        }

        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return KeepsRunning(not.Operand, !continueWhen);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical:
                return KeepsRunningOperand(logical.LeftOperand) && KeepsRunningOperand(logical.RightOperand);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                return IsSocketState(comparison.LeftOperand) || IsSocketState(comparison.RightOperand)
                    || (IsFlag(comparison.LeftOperand) && comparison.RightOperand.ConstantValue.HasValue)
                    || (IsFlag(comparison.RightOperand) && comparison.LeftOperand.ConstantValue.HasValue);

            case IIsPatternOperation isPattern:
                return IsSocketState(isPattern.Value) || IsFlag(isPattern.Value);

            default:
                return IsFlag(condition);
        }
    }

    private bool KeepsRunningOperand(IOperation operand)
    {
        // Either polarity: what matters is that the operand is a flag, cancellation or state check.
        return KeepsRunning(operand, continueWhen: true) || KeepsRunning(operand, continueWhen: false);
    }

    private bool IsSocketState(IOperation operation)
    {
        return operation.WithoutImplicitConversions() is IPropertyReferenceOperation { Property.Name: "State" } state
            && Symbols.WebSockets.IsWebSocket(state.Property.ContainingType);
    }

    /// <summary>A bool variable, a bool property or argument-less method of the user's own code, or <c>IsCancellationRequested</c>.</summary>
    private static bool IsFlag(IOperation operation)
    {
        operation = operation.WithoutImplicitConversions();
        if (operation.Type?.SpecialType != SpecialType.System_Boolean)
        {
            return false;
        }

        switch (operation)
        {
            case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation:
                return true;
            case IPropertyReferenceOperation property:
                return property.Property.Name == "IsCancellationRequested" || !IsFrameworkSymbol(property.Property);
            case IInvocationOperation { Arguments.Length: 0 } query:
                // A state query of the project's own code (a retry policy's AreAttemptsComplete()).
                return !IsFrameworkSymbol(query.TargetMethod) && !query.TargetMethod.DeclaringSyntaxReferences.IsEmpty;
            default:
                return false;
        }
    }

    /// <summary><c>i &lt; items.Length</c>, <c>i &lt; list.Count</c>: the loop walks a collection.</summary>
    private static bool BoundedByCollectionSize(IOperation condition)
    {
        foreach (var operation in condition.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "Length" or "Count" or "LongLength" }:
                case IInvocationOperation { TargetMethod.Name: "Count" or "LongCount" }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the loop body leaves the loop (<c>break</c> or <c>return</c>, not from a catch) after
    /// the connect step: the loop repeats only failed attempts, so it is a retry loop.
    /// </summary>
    public static bool LeavesAfterSuccess(ILoopOperation loop, IOperation step)
    {
        foreach (var operation in loop.Body.Descendants())
        {
            var leaves = operation switch
            {
                IBranchOperation { BranchKind: BranchKind.Break } branch => SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel),
                IReturnOperation { Kind: OperationKind.Return } => true,
                _ => false,
            };
            if (leaves
                && operation.Syntax.SpanStart > step.Syntax.SpanStart
                && !IsInCatchOrDeferredCode(operation, loop))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="operation"/> runs in a catch clause, a lambda or a local function within <paramref name="scope"/>.</summary>
    public static bool IsInCatchOrDeferredCode(IOperation operation, IOperation scope)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, scope); current = current.Parent)
        {
            if (current is ICatchClauseOperation || current.IsExecutionBoundary())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when an input of the connect step (the URI) takes a new item on each pass: a <c>foreach</c>
    /// variable, an element indexed by something the loop changes, or the result of a dequeue or read.
    /// </summary>
    private bool VariesPerPass(IOperation input, ILoopOperation loop, int depth)
    {
        if (depth > 3)
        {
            return false;
        }

        foreach (var operation in input.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IArrayElementReferenceOperation element:
                    foreach (var index in element.Indices)
                    {
                        if (ChangesInLoop(index, loop))
                        {
                            return true;
                        }
                    }

                    break;

                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                    foreach (var argument in indexer.Arguments)
                    {
                        if (ChangesInLoop(argument.Value, loop))
                        {
                            return true;
                        }
                    }

                    break;

                case IPropertyReferenceOperation { Property.Name: "Current" }:
                    return true;

                case IInvocationOperation invocation when TakesNextItem(invocation.TargetMethod.Name):
                    return true;

                case ILocalReferenceOperation local when ReconnectPath.Contains(loop, operation) && IsDeclaredIn(local.Local, loop):
                    if (LocalTakesNextItem(local.Local, loop, depth))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private bool LocalTakesNextItem(ILocalSymbol local, ILoopOperation loop, int depth)
    {
        var writes = new List<IOperation>();
        SymbolWrites.Collect(loop, local, writes);
        if (writes.Count == 0)
        {
            // Declared in the loop without a visible store: a foreach or pattern variable.
            return true;
        }

        foreach (var write in writes)
        {
            if (SymbolWrites.StoredValue(write) is not { } value || VariesPerPass(value, loop, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TakesNextItem(string methodName)
    {
        foreach (var prefix in s_nextItemMethodPrefixes)
        {
            if (methodName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ChangesInLoop(IOperation value, ILoopOperation loop)
    {
        foreach (var operation in value.DescendantsAndSelf())
        {
            if (operation.ReferencedSymbol() is ILocalSymbol local)
            {
                if (IsDeclaredIn(local, loop))
                {
                    return true;
                }

                var writes = new List<IOperation>();
                SymbolWrites.Collect(loop, local, writes);
                if (writes.Count > 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A field or property of this type, read on <c>this</c> or statically (another object's member is another variable).</summary>
    public bool IsOwnMember(ISymbol member, IOperation? instance)
    {
        return (instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            && Declares(member);
    }

    /// <summary>The member is declared by this type itself: not inherited, not another type's.</summary>
    public bool Declares(ISymbol member) =>
        SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, Type.OriginalDefinition);

    public static bool IsDeclaredIn(ILocalSymbol local, IOperation scope)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == scope.Syntax.SyntaxTree && scope.Syntax.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsFrameworkSymbol(ISymbol symbol)
    {
        var name = symbol.ContainingAssembly?.Identity.Name;
        return name is not null
            && (name == "System" || name == "mscorlib" || name == "netstandard" || name.StartsWith("System.", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.", StringComparison.Ordinal));
    }
}
