using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// A retry driven by a <c>System.Timers.Timer</c>: its <c>Elapsed</c> handler connects, directly or through a
/// method of the type, and the timer fires again (it resets itself by default). The wait before the next attempt
/// is the timer's <c>Interval</c>, or, when the handler counts a field down and connects only once it runs out,
/// the value the retry puts back into that field: the countdown is the delay.
/// </summary>
internal static class ElapsedRetry
{
    public static ReconnectPath? Find(ReconnectPaths type, IEventAssignmentOperation subscription)
    {
        if (subscription.EventReference is not IEventReferenceOperation { Event.Name: "Elapsed" } reference
            || !type.Symbols.TimersTimer.Is(reference.Event.ContainingType)
            || reference.Instance?.WithoutImplicitConversions().ReferencedSymbol() is not { } timer
            || EventHandlerCode.Of(type, subscription) is not var (handler, handlerBody)
            || ConnectReach.Find(type, handler, handlerBody) is not { } reach
            || !FiresAgain(type, timer, handlerBody, reach.Body))
        {
            return null;
        }

        var handlerName = handler.MethodKind == MethodKind.AnonymousFunction ? "an Elapsed handler" : $"the Elapsed handler '{handler.Name}'";
        var trigger = CallInHandler(type, handlerBody, reach);
        IOperation? delay;
        string description;
        if (trigger is not null && CountdownField(handlerBody, trigger) is { } countdown)
        {
            // The countdown restarts from what the retry stores; nothing stored there means the wait is set elsewhere.
            delay = LastStore(reach.Body, countdown);
            description = $"by {handlerName} of '{timer.Name}' when '{countdown.Name}' counts down";
        }
        else
        {
            delay = Interval(type, timer, handlerBody, reach.Body);
            description = $"by {handlerName} of '{timer.Name}'";
        }

        if (delay is null)
        {
            return null;
        }

        return new ReconnectPath(
            ReconnectPathKind.ElapsedTimer,
            reach.Call,
            reach.Call,
            reach.Body,
            loop: null,
            reach.Method,
            throughBody: null,
            isDirect: type.Symbols.IsConnectAsync(reach.Call.TargetMethod),
            scheduledDelay: delay,
            description: description);
    }

    /// <summary>The handler's call that leads to the connect: the connect itself, or its call of the method that holds it.</summary>
    private static IOperation? CallInHandler(ReconnectPaths type, IOperation handlerBody, ConnectReach reach)
    {
        if (ReferenceEquals(reach.Body, handlerBody))
        {
            return reach.Call;
        }

        foreach (var operation in handlerBody.Descendants())
        {
            if (operation is IInvocationOperation invocation
                && SymbolEqualityComparer.Default.Equals(type.Connects.Calls.Target(invocation, type.CancellationToken)?.OriginalDefinition, reach.Method?.OriginalDefinition))
            {
                return invocation;
            }
        }

        return null;
    }

    /// <summary>A field the handler decrements and tests in a condition that guards <paramref name="trigger"/>.</summary>
    private static ISymbol? CountdownField(IOperation handlerBody, IOperation trigger)
    {
        var decremented = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in handlerBody.Descendants())
        {
            var target = operation switch
            {
                IIncrementOrDecrementOperation { Kind: OperationKind.Decrement } decrement => decrement.Target,
                ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Subtract } subtract => subtract.Target,
                _ => null,
            };
            if (target?.ReferencedSymbol() is { Kind: SymbolKind.Field or SymbolKind.Property } member)
            {
                decremented.Add(member);
            }
        }

        if (decremented.Count == 0)
        {
            return null;
        }

        for (var current = trigger.Parent; current is not null && !ReferenceEquals(current, handlerBody.Parent); current = current.Parent)
        {
            if (current is IConditionalOperation conditional && !ReconnectPath.Contains(conditional.Condition, trigger))
            {
                foreach (var read in conditional.Condition.DescendantsAndSelf())
                {
                    if (read.ReferencedSymbol() is { } symbol && decremented.Contains(symbol))
                    {
                        return symbol;
                    }
                }
            }
        }

        return null;
    }

    private static IOperation? LastStore(IOperation body, ISymbol member)
    {
        var writes = new List<IOperation>();
        SymbolWrites.Collect(body, member, writes);
        IOperation? last = null;
        foreach (var write in writes)
        {
            if (SymbolWrites.StoredValue(write) is { } value && (last is null || write.Syntax.SpanStart > last.Syntax.SpanStart))
            {
                last = value;
            }
        }

        return last;
    }

    /// <summary>
    /// The timer's interval: the last one the retry itself sets, else the only one the type gives it (constructor
    /// argument or <c>Interval</c> assignment); null when there are several or none (the default is nobody's choice).
    /// </summary>
    private static IOperation? Interval(ReconnectPaths type, ISymbol timer, IOperation handlerBody, IOperation retryBody)
    {
        IOperation? perAttempt = null;
        var values = new List<IOperation>();
        foreach (var (_, root) in type.Roots)
        {
            foreach (var operation in root.Descendants())
            {
                var value = operation switch
                {
                    ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Interval" } property } assignment
                        when type.Symbols.TimersTimer.Is(property.Property.ContainingType)
                            && SymbolEqualityComparer.Default.Equals(TimerOf(property.Instance), timer) => assignment.Value,
                    IObjectCreationOperation { Arguments.Length: 1 } creation
                        when type.Symbols.TimersTimer.Is(creation.Type)
                            && SymbolEqualityComparer.Default.Equals(StoredInto(creation), timer) => creation.Arguments[0].Value,
                    _ => null,
                };
                if (value is null)
                {
                    continue;
                }

                values.Add(value);
                if ((ReconnectPath.Contains(handlerBody, operation) || ReconnectPath.Contains(retryBody, operation))
                    && (perAttempt is null || operation.Syntax.SpanStart > perAttempt.Syntax.SpanStart))
                {
                    perAttempt = value;
                }
            }
        }

        return perAttempt ?? (values.Count == 1 ? values[0] : null);
    }

    /// <summary>
    /// A timer set to fire once (<c>AutoReset = false</c>) retries only when the path starts it again.
    /// </summary>
    private static bool FiresAgain(ReconnectPaths type, ISymbol timer, IOperation handlerBody, IOperation retryBody)
    {
        var once = false;
        foreach (var (_, root) in type.Roots)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "AutoReset" } property } assignment
                    && assignment.Value.ConstantValue is { HasValue: true, Value: false }
                    && SymbolEqualityComparer.Default.Equals(TimerOf(property.Instance), timer))
                {
                    once = true;
                }
            }
        }

        return !once || Restarts(handlerBody, timer) || Restarts(retryBody, timer);
    }

    private static bool Restarts(IOperation body, ISymbol timer)
    {
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.Name: "Start" } start when SymbolEqualityComparer.Default.Equals(TimerOf(start.Instance), timer):
                    return true;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Enabled" } property } enable
                    when enable.Value.ConstantValue is { HasValue: true, Value: true } && SymbolEqualityComparer.Default.Equals(TimerOf(property.Instance), timer):
                    return true;
            }
        }

        return false;
    }

    /// <summary>The variable a timer member is used on: the receiver, or for an object initializer the variable the new timer goes into.</summary>
    private static ISymbol? TimerOf(IOperation? instance)
    {
        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            for (var current = instance.Parent; current is not null; current = current.Parent)
            {
                if (current is IObjectCreationOperation creation)
                {
                    return StoredInto(creation);
                }
            }

            return null;
        }

        return instance?.WithoutImplicitConversions().ReferencedSymbol();
    }

    private static ISymbol? StoredInto(IOperation value)
    {
        var stored = value;
        while (stored.Parent is IConversionOperation conversion)
        {
            stored = conversion;
        }

        return stored.Parent switch
        {
            ISimpleAssignmentOperation assignment => assignment.Target.ReferencedSymbol(),
            IFieldInitializerOperation { InitializedFields.Length: 1 } field => field.InitializedFields[0],
            IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => property.InitializedProperties[0],
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            _ => null,
        };
    }
}
