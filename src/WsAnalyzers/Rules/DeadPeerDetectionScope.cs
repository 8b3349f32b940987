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
/// What one type's code does with its WebSockets: where each socket or settings object is created and
/// stored, which keep-alive settings it receives anywhere in the type (constructor, initializer, the
/// method that creates it), where it escapes to code WS0001 cannot see, and which detection is applied to
/// it. The verdicts are given when the whole type has been seen, so configuration in any member counts.
/// </summary>
internal sealed class DeadPeerDetectionScope
{
    private const int ClientSettings = 0;
    private const int CreationSettings = 1;
    private const int MiddlewareSettings = 2;
    private const int AcceptSettings = 3;

    private readonly INamedTypeSymbol _type;
    private readonly KeepAliveSymbols _symbols;
    private readonly MissingDeadPeerDetectionAnalyzer.HeartbeatMethodOption _heartbeatMethods;
    private readonly SocketHandoffs _handoffs;
    private readonly WatchingHolders _holders;
    private bool? _watchedByHolder;

    private List<Candidate>? _candidates;
    private List<SettingsCreation>? _settingsCreations;
    private Dictionary<ISymbol, KeepAliveSettings>? _assignedSettings;
    private HashSet<ISymbol>? _escaped;
    private HashSet<ISymbol>? _detected;
    private HashSet<ISymbol>? _timedTokenSources;
    private List<(ISymbol? Socket, ISymbol Source)>? _receiveTokens;
    private List<KeepAliveOff>? _keepAliveOff;
    private bool _detectedTypeWide;
    private System.Threading.CancellationToken _cancellationToken;

    /// <summary>Per settings kind: configured through a parameter or another object, which WS0001 cannot map.</summary>
    private readonly bool[] _configuredTypeWide = new bool[4];

    public DeadPeerDetectionScope(
        INamedTypeSymbol type,
        KeepAliveSymbols symbols,
        MissingDeadPeerDetectionAnalyzer.HeartbeatMethodOption heartbeatMethods,
        SocketHandoffs handoffs,
        WatchingHolders holders)
    {
        _holders = holders;
        _type = type;
        _symbols = symbols;
        _heartbeatMethods = heartbeatMethods;
        _handoffs = handoffs;
    }

    private enum CandidateKind
    {
        ClientSocket,
        StreamSocket,
        Middleware,
    }

    /// <summary>Looks at every operation of the type's members, then gives the verdicts.</summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    public void Analyze(MentionedTypeContext context)
    {
        _cancellationToken = context.CancellationToken;
        foreach (var (_, root) in context.Roots)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IObjectCreationOperation creation:
                        OnObjectCreation(creation);
                        break;
                    case ISimpleAssignmentOperation assignment:
                        OnAssignment(assignment, context.ReportDiagnostic);
                        break;
                    case IInvocationOperation invocation:
                        OnInvocation(invocation, context.ReportDiagnostic);
                        break;
                    case IInvalidOperation invalid when WatchdogWrappers.WatchesHandedSockets(invalid):
                        MarkDetected(null);
                        break;
                    case IConditionalOperation conditional when Watchdog.ActsOnExpiredDeadline(conditional):
                        // A watchdog of the type's own (no message or pong within a deadline, then reconnect,
                        // abort or raise an error) watches the sockets the type owns.
                        MarkDetected(null);
                        break;
                }
            }
        }

        Report(context);
    }

    private void OnObjectCreation(IObjectCreationOperation creation)
    {
        var type = creation.Type;
        if (WatchdogWrappers.WatchesHandedSockets(creation))
        {
            // The socket this type creates is handed to a wrapper whose no-message watchdog is on.
            MarkDetected(null);
        }

        if (KeepAliveSymbols.IsType(type, _symbols.ClientWebSocket))
        {
            var storage = ValueStorage.Of(creation);
            Add(ref _candidates, new Candidate(CandidateKind.ClientSocket, creation, storage, optionsOperand: null));
        }
        else if (KeepAliveSymbols.IsType(type, _symbols.CreationOptions) || _symbols.MiddlewareOptions.Is(type))
        {
            Add(ref _settingsCreations, new SettingsCreation(creation, ValueStorage.Of(creation).Symbol));
        }
        else if (KeepAliveSymbols.IsType(type, _symbols.CancellationTokenSource) && creation.Arguments.Length > 0
            && ValueStorage.Of(creation).Symbol is { } source)
        {
            AddToSet(ref _timedTokenSources, source);
        }

        RecordEscapes(creation.Arguments);
    }

    private void OnAssignment(ISimpleAssignmentOperation assignment, System.Action<Diagnostic> reportDiagnostic)
    {
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "KeepAliveInterval" or "KeepAliveTimeout" } property } target
            && SettingsKind(property.ContainingType) is int kind)
        {
            var isInterval = property.Name == "KeepAliveInterval";
            var isOff = KeepAliveValue.IsOff(assignment.Value, _symbols);
            if (isInterval && isOff)
            {
                // Judged with the whole type: keep-alive off is fine where the type watches the socket itself.
                Add(ref _keepAliveOff, new KeepAliveOff(
                    ConfiguredObject(target.Instance, kind),
                    assignment.Syntax,
                    $"Setting {property.ContainingType.Name}.KeepAliveInterval to '{assignment.Value.Syntax}' turns keep-alive off",
                    _symbols.HasKeepAliveTimeout(property.ContainingType)));
            }

            RecordSetting(target.Instance, kind, isInterval, isOff);
            return;
        }

        // An alias (`other = socket`) lets the object be configured under a name WS0001 does not follow.
        var value = assignment.Value.WithoutImplicitConversions();
        if (IsTrackedType(value.Type) && ValueStorage.SymbolOf(value) is { } aliased)
        {
            AddToSet(ref _escaped, aliased);
        }
    }

    private void OnInvocation(IInvocationOperation invocation, System.Action<Diagnostic> reportDiagnostic)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "ReceiveAsync" when !method.IsStatic && _symbols.WebSockets.IsWebSocket(method.ContainingType):
                RecordReceive(invocation);
                return;

            case "CancelAfter" when KeepAliveSymbols.IsType(method.ContainingType, _symbols.CancellationTokenSource):
                if (invocation.Instance is { } instance && ValueStorage.SymbolOf(instance) is { } source)
                {
                    AddToSet(ref _timedTokenSources, source);
                }

                return;

            case "CreateFromStream" when KeepAliveSymbols.IsType(method.ContainingType, _symbols.WebSockets.WebSocket):
                ReportKeepAliveOffArguments(reportDiagnostic, invocation);
                RecordStreamSocket(invocation);
                return;

            case "CreateClientWebSocket" or "CreateServerWebSocket" when KeepAliveSymbols.IsType(method.ContainingType, _symbols.WebSockets.WebSocket):
            case "AcceptWebSocketAsync" when _symbols.HttpListenerContext.Is(method.ContainingType):
                ReportKeepAliveOffArguments(reportDiagnostic, invocation);
                return;

            case "UseWebSockets" when _symbols.MiddlewareExtensions.Is(method.ContainingType):
                var options = invocation.Arguments.Length > 1 ? invocation.Arguments[1].Value.WithoutImplicitConversions() : null;
                Add(ref _candidates, new Candidate(CandidateKind.Middleware, invocation, default, options));
                return;

            case "AddWebSockets":
                // services.AddWebSockets(o => …) configures the options UseWebSockets() reads from DI.
                MarkConfiguredTypeWide(MiddlewareSettings);
                return;
        }

        if (method.IsGenericMethod && MentionsMiddlewareOptions(method.TypeArguments))
        {
            // services.Configure<WebSocketOptions>(…), AddOptions<WebSocketOptions>() and the like.
            MarkConfiguredTypeWide(MiddlewareSettings);
        }

        if (KeepAliveSymbols.IsType(method.ContainingType, _symbols.WebSocketHeartbeat))
        {
            // Without KeepAliveTimeout, WebSocketHeartbeat.Configure can only turn on unsolicited pongs; there a
            // dead peer is detected by Watch alone. Configure is known, so it is not an escape either.
            if (method.Name != WsResilienceNames.HeartbeatConfigure || _symbols.ClientKeepAliveTimeout is not null)
            {
                RecordHeartbeat(invocation);
            }

            return;
        }

        if (_heartbeatMethods.For(invocation.Syntax.SyntaxTree).Contains(method))
        {
            RecordHeartbeat(invocation);
            return;
        }

        RecordEscapes(invocation.Arguments);
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private void Report(MentionedTypeContext context)
    {
        var candidates = _candidates;
        ResolveReceiveTimeouts();
        ReportKeepAliveOff(context);

        if (candidates is null)
        {
            return;
        }

        foreach (var candidate in candidates)
        {
            switch (candidate.Kind)
            {
                case CandidateKind.ClientSocket:
                    ReportClientSocket(context, candidate);
                    break;
                case CandidateKind.StreamSocket:
                    ReportStreamSocket(context, candidate);
                    break;
                case CandidateKind.Middleware:
                    ReportMiddleware(context, candidate);
                    break;
            }
        }
    }

    private void ReportClientSocket(MentionedTypeContext context, Candidate candidate)
    {
        var owner = candidate.Storage.Symbol;
        if (owner is null && !candidate.Storage.IsReturned
            || owner is IFieldSymbol or IPropertySymbol && owner.DeclaredAccessibility != Accessibility.Private
            || IsEscaped(owner)
            || IsReplacedBeforeUse(candidate))
        {
            return;
        }

        var creation = (IObjectCreationOperation)candidate.Operation;
        var settings = KeepAliveSettings.FromInitializer(OptionsInitializer(creation.Initializer), _symbols).Merge(AssignedTo(owner));
        if (settings.IntervalOff
            || _symbols.ClientKeepAliveTimeout is not null && (settings.TimeoutSet || _configuredTypeWide[ClientSettings])

            // Last: it may search the compilation for a holder's watchdog, which a configured socket never needs.
            || IsDetected(owner))
        {
            return;
        }

        if (_symbols.ClientKeepAliveTimeout is null)
        {
            Report(
                context,
                creation.Syntax,
                additionalLocation: null,
                MissingDeadPeerDetectionAnalyzer.NoDetectionCase,
                timeoutAvailable: false,
                "This ClientWebSocket shows no dead-peer detection: KeepAliveTimeout needs .NET 9, and no receive timeout or heartbeat is applied to it");
            return;
        }

        Report(
            context,
            creation.Syntax,
            additionalLocation: null,
            MissingDeadPeerDetectionAnalyzer.MissingSettingsCase,
            timeoutAvailable: true,
            "This ClientWebSocket never sets Options.KeepAliveTimeout, so its keep-alive only sends unsolicited pongs");
    }

    /// <summary>
    /// A field's initial socket that the type replaces with a new one elsewhere (the connect path creates its own):
    /// the socket that gets connected is the one to report, once.
    /// </summary>
    private bool IsReplacedBeforeUse(Candidate candidate)
    {
        var owner = candidate.Storage.Symbol;
        if (owner is not (IFieldSymbol or IPropertySymbol)
            || candidate.Operation.Parent?.WithoutConversionsUpward() is not (IFieldInitializerOperation or IPropertyInitializerOperation)
            || _candidates is null)
        {
            return false;
        }

        foreach (var other in _candidates)
        {
            if (!ReferenceEquals(other, candidate)
                && other.Kind == CandidateKind.ClientSocket
                && SymbolEqualityComparer.Default.Equals(other.Storage.Symbol, owner))
            {
                return true;
            }
        }

        return false;
    }

    private void ReportStreamSocket(MentionedTypeContext context, Candidate candidate)
    {
        if (!TryReadSettings(candidate.OptionsOperand, CreationSettings, out var settings, out var optionsCreation)
            || settings.IntervalOff)
        {
            return;
        }

        var timeoutAvailable = _symbols.CreationKeepAliveTimeout is not null;
        string message;
        if (!settings.IntervalSet)
        {
            message = "WebSocket.CreateFromStream leaves KeepAliveInterval at its default of zero, which turns keep-alive off";
        }
        else if (timeoutAvailable && !settings.TimeoutSet)
        {
            message = "WebSocket.CreateFromStream never sets KeepAliveTimeout, so its keep-alive only sends unsolicited pongs";
        }
        else
        {
            return;
        }

        if (IsDetected(candidate.Storage.Symbol))
        {
            return;
        }

        Report(context, candidate.Operation.Syntax, optionsCreation, MissingDeadPeerDetectionAnalyzer.MissingSettingsCase, timeoutAvailable, message);
    }

    private void ReportMiddleware(MentionedTypeContext context, Candidate candidate)
    {
        if (_symbols.MiddlewareKeepAliveTimeout is null)
        {
            return;
        }

        KeepAliveSettings settings;
        SyntaxNode? optionsCreation = null;
        if (candidate.OptionsOperand is null)
        {
            if (_configuredTypeWide[MiddlewareSettings])
            {
                return;
            }

            settings = default;
        }
        else if (!TryReadSettings(candidate.OptionsOperand, MiddlewareSettings, out settings, out optionsCreation))
        {
            return;
        }

        if (settings.IntervalOff || settings.TimeoutSet)
        {
            return;
        }

        Report(
            context,
            candidate.Operation.Syntax,
            optionsCreation,
            MissingDeadPeerDetectionAnalyzer.MissingSettingsCase,
            timeoutAvailable: true,
            "UseWebSockets never sets WebSocketOptions.KeepAliveTimeout, so its keep-alive only sends unsolicited pongs");
    }

    /// <summary>
    /// Reads the settings object passed to CreateFromStream or UseWebSockets: created right there, or
    /// created into a local of this type and configured under that name. Anything else is unknown.
    /// </summary>
    private bool TryReadSettings(IOperation? operand, int kind, out KeepAliveSettings settings, out SyntaxNode? creationSyntax)
    {
        settings = default;
        creationSyntax = null;
        if (operand is IObjectCreationOperation inline)
        {
            settings = KeepAliveSettings.FromInitializer(inline.Initializer, _symbols);
            creationSyntax = inline.Syntax;
            return true;
        }

        if (operand is null || _configuredTypeWide[kind] || ValueStorage.SymbolOf(operand) is not ILocalSymbol local || IsEscaped(local))
        {
            return false;
        }

        SettingsCreation? found = null;
        if (_settingsCreations is not null)
        {
            foreach (var creation in _settingsCreations)
            {
                if (SymbolEqualityComparer.Default.Equals(creation.Owner, local))
                {
                    if (found is not null)
                    {
                        return false;
                    }

                    found = creation;
                }
            }
        }

        if (found is null)
        {
            return false;
        }

        settings = KeepAliveSettings.FromInitializer(found.Creation.Initializer, _symbols).Merge(AssignedTo(local));
        creationSyntax = found.Creation.Syntax;
        return true;
    }

    private void RecordStreamSocket(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (KeepAliveSymbols.IsType(argument.Parameter?.Type, _symbols.CreationOptions))
            {
                Add(ref _candidates, new Candidate(
                    CandidateKind.StreamSocket,
                    invocation,
                    ValueStorage.Of(invocation),
                    argument.Value.WithoutImplicitConversions()));
                return;
            }
        }
    }

    private void RecordSetting(IOperation? instance, int kind, bool isInterval, bool isOff)
    {
        instance = instance?.WithoutImplicitConversions();
        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            // An entry of an object initializer: read with the creation itself.
            return;
        }

        var owner = OwnerOfSettings(instance, kind);
        if (owner is not (ILocalSymbol or IFieldSymbol or IPropertySymbol))
        {
            if (!isOff)
            {
                MarkConfiguredTypeWide(kind);
            }

            return;
        }

        var setting = KeepAliveSettings.ForAssignment(isInterval, isOff);
        _assignedSettings ??= new Dictionary<ISymbol, KeepAliveSettings>(SymbolEqualityComparer.Default);
        _assignedSettings[owner] = _assignedSettings.TryGetValue(owner, out var existing) ? existing.Merge(setting) : setting;
    }

    /// <summary>
    /// A receive whose token comes from a source with a timeout: when it fires, the receive is cancelled
    /// and the socket aborted, which ends a connection to a dead peer.
    /// </summary>
    private void RecordReceive(IInvocationOperation invocation)
    {
        var socket = invocation.Instance is { } instance ? ValueStorage.SymbolOf(instance) : null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.WithoutImplicitConversions() is not IPropertyReferenceOperation { Property.Name: "Token", Instance: { } source } token
                || !KeepAliveSymbols.IsType(token.Property.ContainingType, _symbols.CancellationTokenSource))
            {
                continue;
            }

            if (source.WithoutImplicitConversions() is IObjectCreationOperation { Arguments.Length: > 0 })
            {
                MarkDetected(socket);
            }
            else if (ValueStorage.SymbolOf(source) is { } sourceSymbol)
            {
                (_receiveTokens ??= new List<(ISymbol?, ISymbol)>()).Add((socket, sourceSymbol));
            }
        }
    }

    /// <summary>A WsResilience heartbeat or a listed method counts for every socket it is handed.</summary>
    private void RecordHeartbeat(IInvocationOperation invocation)
    {
        var found = false;
        if (invocation.Instance is { } instance)
        {
            found |= MarkDetectedIfSocket(instance);
        }

        foreach (var argument in invocation.Arguments)
        {
            found |= MarkDetectedIfSocket(argument.Value);
        }

        if (!found)
        {
            MarkDetected(null);
        }
    }

    private bool MarkDetectedIfSocket(IOperation value)
    {
        value = value.WithoutImplicitConversions();
        if (value is IPropertyReferenceOperation { Property.Name: "Options", Instance: { } socket }
            && KeepAliveSymbols.IsType(socket.Type, _symbols.ClientWebSocket))
        {
            value = socket;
        }
        else if (!_symbols.WebSockets.IsWebSocket(value.Type))
        {
            return false;
        }

        MarkDetected(ValueStorage.SymbolOf(value));
        return true;
    }

    /// <summary>
    /// Handing a socket or its settings to a method that takes exactly that type (or by ref) lets that
    /// method configure it out of sight. A method that takes a plain <c>WebSocket</c> cannot reach the options.
    /// </summary>
    private void RecordEscapes(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            var value = argument.Value.WithoutImplicitConversions();
            if (value is IPropertyReferenceOperation { Property.Name: "Options", Instance: { } socket }
                && KeepAliveSymbols.IsType(socket.Type, _symbols.ClientWebSocket))
            {
                value = socket;
            }
            else if (!IsTrackedType(value.Type)
                || argument.Parameter is { RefKind: RefKind.None } parameter && !IsTrackedType(parameter.Type))
            {
                continue;
            }

            if (argument.Parameter is { } handedTo && _handoffs.OnlyUses(handedTo, _cancellationToken))
            {
                continue;
            }

            if (ValueStorage.SymbolOf(value) is { } escaped)
            {
                AddToSet(ref _escaped, escaped);
            }
        }
    }

    private ISymbol? OwnerOfSettings(IOperation? instance, int kind)
    {
        return kind == ClientSettings
            ? instance is IPropertyReferenceOperation { Property.Name: "Options", Instance: { } socket } && KeepAliveSymbols.IsType(socket.Type, _symbols.ClientWebSocket)
                ? ValueStorage.SymbolOf(socket)
                : null
            : instance is null ? null : ValueStorage.SymbolOf(instance);
    }

    /// <summary>The socket or settings object a keep-alive assignment configures: named, or the object an initializer builds.</summary>
    private ISymbol? ConfiguredObject(IOperation? instance, int kind)
    {
        instance = instance?.WithoutImplicitConversions();
        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            for (var parent = instance.Parent; parent is not null && !parent.IsExecutionBoundary(); parent = parent.Parent)
            {
                if (parent is IObjectCreationOperation creation && IsTrackedType(creation.Type))
                {
                    return ValueStorage.Of(creation).Symbol;
                }
            }

            return null;
        }

        return OwnerOfSettings(instance, kind);
    }

    [MethodImpl(JitHints.OptimizeAtOnce)]
    private void ReportKeepAliveOff(MentionedTypeContext context)
    {
        if (_keepAliveOff is null)
        {
            return;
        }

        foreach (var off in _keepAliveOff)
        {
            if (!IsDetected(off.Owner))
            {
                ReportKeepAliveOff(context.ReportDiagnostic, off.Syntax, off.Message, off.TimeoutAvailable);
            }
        }
    }

    private void ResolveReceiveTimeouts()
    {
        if (_receiveTokens is null || _timedTokenSources is null)
        {
            return;
        }

        foreach (var (socket, source) in _receiveTokens)
        {
            if (_timedTokenSources.Contains(source))
            {
                MarkDetected(socket);
            }
        }
    }

    private void MarkDetected(ISymbol? socket)
    {
        if (socket is ILocalSymbol or IFieldSymbol or IPropertySymbol)
        {
            (_detected ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(socket);
        }
        else
        {
            // A parameter, or a socket reached through another object: the type watches some socket it
            // does not name, which is the socket it creates in every design WS0001 can tell apart.
            _detectedTypeWide = true;
        }
    }

    private void MarkConfiguredTypeWide(int kind)
    {
        _configuredTypeWide[kind] = true;
    }

    private bool IsDetected(ISymbol? owner)
    {
        return _detectedTypeWide
            || owner is not null && _detected is not null && _detected.Contains(owner)
            || (_watchedByHolder ??= DeadManTimer.IsIn(_type, _cancellationToken) || _holders.IsWatched(_type, _cancellationToken));
    }

    private bool IsEscaped(ISymbol? owner)
    {
        return owner is not null && _escaped is not null && _escaped.Contains(owner);
    }

    private KeepAliveSettings AssignedTo(ISymbol? owner)
    {
        return owner is not null && _assignedSettings is not null && _assignedSettings.TryGetValue(owner, out var settings)
            ? settings
            : default;
    }

    private void ReportKeepAliveOffArguments(System.Action<Diagnostic> reportDiagnostic, IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Name: "keepAliveInterval" } parameter
                && KeepAliveSymbols.IsType(parameter.Type, _symbols.TimeSpan)
                && argument.ArgumentKind == ArgumentKind.Explicit
                && KeepAliveValue.IsOff(argument.Value, _symbols))
            {
                ReportKeepAliveOff(
                    reportDiagnostic,
                    argument.Syntax,
                    $"Passing '{argument.Value.Syntax}' as the keep-alive interval of {invocation.TargetMethod.Name} turns keep-alive off",
                    timeoutAvailable: false);
            }
        }
    }

    private static void ReportKeepAliveOff(System.Action<Diagnostic> report, SyntaxNode node, string message, bool timeoutAvailable)
    {
        report(Diagnostic.Create(
            DiagnosticDescriptors.MissingDeadPeerDetection,
            node.GetLocation(),
            Properties(MissingDeadPeerDetectionAnalyzer.KeepAliveOffCase, timeoutAvailable),
            message));
    }

    private static void Report(
        MentionedTypeContext context, SyntaxNode node, SyntaxNode? additionalLocation, string diagnosticCase, bool timeoutAvailable, string message)
    {
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.MissingDeadPeerDetection,
            node.GetLocation(),
            additionalLocation is null ? null : new[] { additionalLocation.GetLocation() },
            Properties(diagnosticCase, timeoutAvailable),
            message));
    }

    private static ImmutableDictionary<string, string?> Properties(string diagnosticCase, bool timeoutAvailable)
    {
        return ImmutableDictionary<string, string?>.Empty
            .Add(MissingDeadPeerDetectionAnalyzer.CaseProperty, diagnosticCase)
            .Add(MissingDeadPeerDetectionAnalyzer.TimeoutAvailableProperty, timeoutAvailable ? "True" : "False");
    }

    /// <summary>The nested <c>Options = { … }</c> initializer of a ClientWebSocket creation.</summary>
    private static IObjectOrCollectionInitializerOperation? OptionsInitializer(IObjectOrCollectionInitializerOperation? initializer)
    {
        if (initializer is null)
        {
            return null;
        }

        foreach (var entry in initializer.Initializers)
        {
            if (entry is IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation { Property.Name: "Options" } } member)
            {
                return member.Initializer;
            }
        }

        return null;
    }

    private int? SettingsKind(ITypeSymbol type)
    {
        return KeepAliveSymbols.IsType(type, _symbols.ClientWebSocketOptions) ? ClientSettings
            : KeepAliveSymbols.IsType(type, _symbols.CreationOptions) ? CreationSettings
            : _symbols.MiddlewareOptions.Is(type) ? MiddlewareSettings
            : _symbols.AcceptContext.Is(type) ? AcceptSettings
            : null;
    }

    private bool IsTrackedType(ITypeSymbol? type)
    {
        return KeepAliveSymbols.IsType(type, _symbols.ClientWebSocket)
            || KeepAliveSymbols.IsType(type, _symbols.CreationOptions)
            || _symbols.MiddlewareOptions.Is(type);
    }

    private bool MentionsMiddlewareOptions(ImmutableArray<ITypeSymbol> typeArguments)
    {
        foreach (var typeArgument in typeArguments)
        {
            if (_symbols.MiddlewareOptions.Is(typeArgument))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Operations of nested types belong to the nested type's own scope.</summary>
    private static void Add<T>(ref List<T>? list, T item)
    {
        (list ??= new List<T>()).Add(item);
    }

    private static void AddToSet(ref HashSet<ISymbol>? set, ISymbol item)
    {
        (set ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(item);
    }

    private sealed class Candidate
    {
        public Candidate(CandidateKind kind, IOperation operation, ValueStorage storage, IOperation? optionsOperand)
        {
            Kind = kind;
            Operation = operation;
            Storage = storage;
            OptionsOperand = optionsOperand;
        }

        public CandidateKind Kind { get; }

        /// <summary>The ClientWebSocket creation, or the CreateFromStream / UseWebSockets call.</summary>
        public IOperation Operation { get; }

        /// <summary>Where the socket goes; for UseWebSockets, nowhere.</summary>
        public ValueStorage Storage { get; }

        /// <summary>The settings argument of CreateFromStream or UseWebSockets.</summary>
        public IOperation? OptionsOperand { get; }
    }

    /// <summary>A keep-alive interval turned off, reported unless the type turns out to watch the socket.</summary>
    private sealed class KeepAliveOff
    {
        public KeepAliveOff(ISymbol? owner, SyntaxNode syntax, string message, bool timeoutAvailable)
        {
            Owner = owner;
            Syntax = syntax;
            Message = message;
            TimeoutAvailable = timeoutAvailable;
        }

        public ISymbol? Owner { get; }

        public SyntaxNode Syntax { get; }

        public string Message { get; }

        public bool TimeoutAvailable { get; }
    }

    private sealed class SettingsCreation
    {
        public SettingsCreation(IObjectCreationOperation creation, ISymbol? owner)
        {
            Creation = creation;
            Owner = owner;
        }

        public IObjectCreationOperation Creation { get; }

        public ISymbol? Owner { get; }
    }
}
