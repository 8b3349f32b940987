using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;
using WsAnalyzers.CodeFixes.Infrastructure;
using WsAnalyzers.Infrastructure;
using WsAnalyzers.Rules;

namespace WsAnalyzers.CodeFixes;

/// <summary>
/// WS0001 fixes: turn a disabled keep-alive back on; add <c>KeepAliveInterval</c> and <c>KeepAliveTimeout</c>
/// where the socket or its settings are created; or, when WsResilience is referenced, configure its
/// heartbeat right after a ClientWebSocket local is declared. Every fix uses a 15 s interval and a 15 s
/// pong timeout: a dead peer is noticed within about 30 s, below common proxy idle timeouts of 60 s.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingDeadPeerDetectionCodeFixProvider)), Shared]
public sealed class MissingDeadPeerDetectionCodeFixProvider : CodeFixProvider
{
    public const string EnableKeepAliveEquivalenceKey = "WS0001.EnableKeepAlive";
    public const string AddKeepAliveTimeoutEquivalenceKey = "WS0001.AddKeepAliveTimeout";
    public const string HeartbeatEquivalenceKey = "WS0001.WebSocketHeartbeat";

    private static readonly MissingDeadPeerDetectionAnalyzer s_analyzer = new();

    internal const int IntervalSeconds = 15;
    internal const int TimeoutSeconds = 15;

    private const string IntervalName = "KeepAliveInterval";
    private const string TimeoutName = "KeepAliveTimeout";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.MissingDeadPeerDetection);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        if (await document.RootAndModelAsync(context.CancellationToken).ConfigureAwait(false) is not (var root, var semanticModel))
        {
            return;
        }

        int? findingsBefore = null;
        foreach (var diagnostic in context.Diagnostics)
        {
            diagnostic.Properties.TryGetValue(MissingDeadPeerDetectionAnalyzer.CaseProperty, out var diagnosticCase);
            var timeoutAvailable = diagnostic.Properties.TryGetValue(MissingDeadPeerDetectionAnalyzer.TimeoutAvailableProperty, out var available)
                && available == "True";
            var span = diagnostic.Location.SourceSpan;
            var node = root.FindNode(span, getInnermostNodeForTie: true);
            var timeSpan = TypeNames.Shortest(semanticModel, span.Start, "System", "TimeSpan");

            if (diagnosticCase == MissingDeadPeerDetectionAnalyzer.KeepAliveOffCase)
            {
                var enabled = EnableKeepAlive(root, node, span, timeoutAvailable, timeSpan);

                // Without KeepAliveTimeout, keep-alive alone detects nothing: turning it back on removes the finding
                // only when the socket is watched some other way, which only the analyzer can tell.
                if (enabled is not null && !timeoutAvailable)
                {
                    findingsBefore ??= await RemainingFindings.CountAsync(document, s_analyzer, RuleIdentifiers.MissingDeadPeerDetection, context.CancellationToken).ConfigureAwait(false);
                    var findingsAfter = await RemainingFindings.CountAsync(document.WithSyntaxRoot(enabled), s_analyzer, RuleIdentifiers.MissingDeadPeerDetection, context.CancellationToken).ConfigureAwait(false);
                    if (findingsAfter >= findingsBefore)
                    {
                        continue;
                    }
                }

                Register(
                    context,
                    diagnostic,
                    timeoutAvailable
                        ? $"Turn keep-alive on: ping every {IntervalSeconds} s, abort after {TimeoutSeconds} s without a pong"
                        : $"Turn keep-alive on (every {IntervalSeconds} s)",
                    EnableKeepAliveEquivalenceKey,
                    enabled);
                continue;
            }

            if (diagnosticCase == MissingDeadPeerDetectionAnalyzer.MissingSettingsCase)
            {
                Register(
                    context,
                    diagnostic,
                    timeoutAvailable
                        ? $"Ping every {IntervalSeconds} s and abort after {TimeoutSeconds} s without a pong (KeepAliveTimeout)"
                        : $"Turn keep-alive on (KeepAliveInterval, every {IntervalSeconds} s)",
                    AddKeepAliveTimeoutEquivalenceKey,
                    AddSettings(root, semanticModel, diagnostic, node, timeoutAvailable, timeSpan));
            }

            if (diagnosticCase is MissingDeadPeerDetectionAnalyzer.MissingSettingsCase or MissingDeadPeerDetectionAnalyzer.NoDetectionCase)
            {
                // On targets without KeepAliveTimeout, Configure cannot detect a dead peer: no fix beats a wrong one.
                if (ClientKeepAliveTimeoutExists(semanticModel.Compilation)
                    && WsResilienceSymbols.FindHeartbeatConfigure(semanticModel.Compilation) is { } configure)
                {
                    Register(
                        context,
                        diagnostic,
                        "Watch the connection with WsResilience's WebSocketHeartbeat",
                        HeartbeatEquivalenceKey,
                        AddHeartbeat(root, semanticModel, FindWithSpan<BaseObjectCreationExpressionSyntax>(node, span), configure, timeSpan));
                }
            }
        }
    }

    private static bool ClientKeepAliveTimeoutExists(Compilation compilation) =>
        compilation.GetBestTypeByMetadataName("System.Net.WebSockets.ClientWebSocketOptions")?.GetMembers(TimeoutName).Length > 0;

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey, SyntaxNode? newRoot)
    {
        if (newRoot is null)
        {
            return;
        }

        var document = context.Document;
        context.RegisterCodeFix(
            CodeAction.Create(title, _ => Task.FromResult(document.WithSyntaxRoot(newRoot)), equivalenceKey),
            diagnostic);
    }

    /// <summary>Replaces the value that turned keep-alive off and, where it exists, sets the timeout next to it.</summary>
    private static SyntaxNode? EnableKeepAlive(SyntaxNode root, SyntaxNode node, TextSpan span, bool timeoutAvailable, string timeSpan)
    {
        if (FindWithSpan<ArgumentSyntax>(node, span) is { } argument)
        {
            return root.ReplaceNode(argument.Expression, TypeNames.TimeSpanFromSeconds(timeSpan, IntervalSeconds).WithTriviaFrom(argument.Expression));
        }

        if (FindWithSpan<AssignmentExpressionSyntax>(node, span) is not { } assignment)
        {
            return null;
        }

        var newValue = TypeNames.TimeSpanFromSeconds(timeSpan, IntervalSeconds).WithTriviaFrom(assignment.Right);
        if (timeoutAvailable && assignment.Parent is InitializerExpressionSyntax initializer)
        {
            var newInitializer = initializer.ReplaceNode(assignment.Right, newValue);
            if (InitializerEntries.IndexOf(initializer, TimeoutName) < 0)
            {
                newInitializer = InitializerEntries.Insert(
                    newInitializer,
                    initializer.Expressions.IndexOf(assignment) + 1,
                    new[] { InitializerEntries.Entry(TimeoutName, TypeNames.TimeSpanFromSeconds(timeSpan, TimeoutSeconds)) });
            }

            return root.ReplaceNode(initializer, newInitializer);
        }

        if (timeoutAvailable
            && assignment.Parent is ExpressionStatementSyntax statement
            && assignment.Left is MemberAccessExpressionSyntax { Expression: var receiver }
            && IsPlainReceiver(receiver)
            && !AssignsTimeoutNearby(statement, receiver))
        {
            var timeoutStatement = SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrivia(), SyntaxFactory.IdentifierName(TimeoutName)),
                TypeNames.TimeSpanFromSeconds(timeSpan, TimeoutSeconds)));
            var tracked = root.TrackNodes(statement, assignment.Right);
            tracked = tracked.ReplaceNode(tracked.GetCurrentNode(assignment.Right)!, newValue);
            return InsertStatementAfter(tracked, tracked.GetCurrentNode(statement)!, timeoutStatement);
        }

        return root.ReplaceNode(assignment.Right, newValue);
    }

    /// <summary>
    /// Completes the settings where they are created: the ClientWebSocket's <c>Options = { … }</c>, the
    /// WebSocketCreationOptions or WebSocketOptions creation (the diagnostic's additional location), or a
    /// new WebSocketOptions argument for a bare <c>UseWebSockets()</c>.
    /// </summary>
    private static SyntaxNode? AddSettings(
        SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, SyntaxNode node, bool timeoutAvailable, string timeSpan)
    {
        if (diagnostic.AdditionalLocations.Count > 0)
        {
            var location = diagnostic.AdditionalLocations[0];
            if (location.SourceTree != root.SyntaxTree
                || FindWithSpan<BaseObjectCreationExpressionSyntax>(root.FindNode(location.SourceSpan, getInnermostNodeForTie: true), location.SourceSpan) is not { } settings)
            {
                return null;
            }

            var completed = Complete(settings.Initializer, timeoutAvailable, timeSpan);
            return completed is null ? null : root.ReplaceNode(settings, WithInitializer(settings, completed));
        }

        var span = diagnostic.Location.SourceSpan;
        if (FindWithSpan<BaseObjectCreationExpressionSyntax>(node, span) is { } socket)
        {
            return AddClientSocketSettings(root, socket, timeoutAvailable, timeSpan, IntervalSetElsewhere(semanticModel, socket));
        }

        if (FindWithSpan<InvocationExpressionSyntax>(node, span) is { ArgumentList.Arguments.Count: 0 } useWebSockets && timeoutAvailable)
        {
            var middlewareOptions = TypeNames.Shortest(semanticModel, span.Start, "Microsoft.AspNetCore.Builder", "WebSocketOptions");
            var options = SyntaxFactory.ObjectCreationExpression(
                    SyntaxFactory.ParseTypeName(middlewareOptions),
                    argumentList: null,
                    initializer: InitializerEntries.Create(NewEntries(initializer: null, timeoutAvailable: true, timeSpan)))
                .WithAdditionalAnnotations(Formatter.Annotation);
            return root.ReplaceNode(
                useWebSockets.ArgumentList,
                useWebSockets.ArgumentList.AddArguments(SyntaxFactory.Argument(options)));
        }

        return null;
    }

    /// <summary>
    /// True when the type assigns <c>Options.KeepAliveInterval</c> of the variable the socket is stored in,
    /// as in <c>ws.Options.KeepAliveInterval = …;</c> after the declaration: the fix then keeps that interval.
    /// </summary>
    private static bool IntervalSetElsewhere(SemanticModel semanticModel, BaseObjectCreationExpressionSyntax socket)
    {
        var target = socket.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => semanticModel.GetDeclaredSymbol(declarator),
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => semanticModel.GetDeclaredSymbol(property),
            AssignmentExpressionSyntax assignment when assignment.Right == socket => semanticModel.GetSymbolInfo(assignment.Left).Symbol,
            _ => null,
        };
        if (target is null)
        {
            return false;
        }

        var scope = socket.FirstAncestorOrSelf<TypeDeclarationSyntax>() ?? socket.SyntaxTree.GetRoot();
        foreach (var assignment in scope.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            if (assignment.Left is MemberAccessExpressionSyntax
                {
                    Name.Identifier.ValueText: IntervalName,
                    Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Options", Expression: var owner },
                }
                && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(owner).Symbol, target))
            {
                return true;
            }
        }

        return false;
    }

    private static SyntaxNode? AddClientSocketSettings(
        SyntaxNode root, BaseObjectCreationExpressionSyntax socket, bool timeoutAvailable, string timeSpan, bool keepInterval)
    {
        var initializer = socket.Initializer;
        var optionsIndex = InitializerEntries.IndexOf(initializer, "Options");
        if (initializer is not null && optionsIndex >= 0)
        {
            if (initializer.Expressions[optionsIndex] is not AssignmentExpressionSyntax { Right: InitializerExpressionSyntax options })
            {
                return null;
            }

            var completed = Complete(options, timeoutAvailable, timeSpan, keepInterval);
            return completed is null ? null : root.ReplaceNode(options, completed);
        }

        var entries = NewEntries(initializer: null, timeoutAvailable, timeSpan, keepInterval);
        if (entries.Count == 0)
        {
            return null;
        }

        var optionsEntry = InitializerEntries.Entry("Options", InitializerEntries.Create(entries));
        var newInitializer = initializer is null
            ? InitializerEntries.Create(new[] { optionsEntry })
            : InitializerEntries.Insert(initializer, -1, new[] { optionsEntry });
        return root.ReplaceNode(socket, WithInitializer(socket, newInitializer));
    }

    /// <summary>
    /// Adds the interval when the initializer has none, and sets the timeout (when it exists) to a real
    /// deadline. Null when there is nothing to change.
    /// </summary>
    private static InitializerExpressionSyntax? Complete(
        InitializerExpressionSyntax? initializer, bool timeoutAvailable, string timeSpan, bool keepInterval = false)
    {
        var entries = NewEntries(initializer, timeoutAvailable, timeSpan, keepInterval);
        var timeoutIndex = InitializerEntries.IndexOf(initializer, TimeoutName);
        if (initializer is null)
        {
            return entries.Count == 0 ? null : InitializerEntries.Create(entries);
        }

        var updated = initializer;
        if (timeoutAvailable && timeoutIndex >= 0 && initializer.Expressions[timeoutIndex] is AssignmentExpressionSyntax timeout)
        {
            updated = updated.ReplaceNode(timeout.Right, TypeNames.TimeSpanFromSeconds(timeSpan, TimeoutSeconds).WithTriviaFrom(timeout.Right));
        }
        else if (entries.Count == 0)
        {
            return null;
        }

        return entries.Count == 0 ? updated : InitializerEntries.Insert(updated, -1, entries);
    }

    /// <param name="keepInterval">The code sets the interval elsewhere: add only the timeout.</param>
    private static List<ExpressionSyntax> NewEntries(
        InitializerExpressionSyntax? initializer, bool timeoutAvailable, string timeSpan, bool keepInterval = false)
    {
        var entries = new List<ExpressionSyntax>(2);
        if (!keepInterval && InitializerEntries.IndexOf(initializer, IntervalName) < 0)
        {
            entries.Add(InitializerEntries.Entry(IntervalName, TypeNames.TimeSpanFromSeconds(timeSpan, IntervalSeconds)));
        }

        if (timeoutAvailable && InitializerEntries.IndexOf(initializer, TimeoutName) < 0)
        {
            entries.Add(InitializerEntries.Entry(TimeoutName, TypeNames.TimeSpanFromSeconds(timeSpan, TimeoutSeconds)));
        }

        return entries;
    }

    private static BaseObjectCreationExpressionSyntax WithInitializer(BaseObjectCreationExpressionSyntax creation, InitializerExpressionSyntax initializer)
    {
        if (creation.Initializer is not null)
        {
            return creation.WithInitializer(initializer);
        }

        // `new ClientWebSocket()` reads better as `new ClientWebSocket { … }`; `new()` keeps its parentheses.
        if (creation is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } explicitType)
        {
            return explicitType
                .WithType(explicitType.Type.WithTrailingTrivia(SyntaxFactory.ElasticSpace))
                .WithArgumentList(null)
                .WithInitializer(initializer.WithTrailingTrivia(explicitType.ArgumentList.GetTrailingTrivia()))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        var trailing = creation.GetTrailingTrivia();
        return creation
            .WithoutTrailingTrivia()
            .WithInitializer(initializer.WithLeadingTrivia(SyntaxFactory.ElasticSpace).WithTrailingTrivia(trailing))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>
    /// <c>WebSocketHeartbeat.Configure(ws.Options, interval, timeout);</c> right after <c>var ws = new ClientWebSocket();</c>,
    /// before the socket can connect. Only for a local declared in a statement.
    /// </summary>
    private static CompilationUnitSyntax? AddHeartbeat(
        SyntaxNode root, SemanticModel semanticModel, BaseObjectCreationExpressionSyntax? socket, IMethodSymbol configure, string timeSpan)
    {
        if (socket?.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax declaration
            || root is not CompilationUnitSyntax)
        {
            return null;
        }

        var heartbeatType = configure.ContainingType;
        var call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.IdentifierName(heartbeatType.Name),
                SyntaxFactory.IdentifierName(configure.Name)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.IdentifierName(declarator.Identifier.ValueText),
                    SyntaxFactory.IdentifierName("Options"))),
                SyntaxFactory.Argument(TypeNames.TimeSpanFromSeconds(timeSpan, IntervalSeconds)),
                SyntaxFactory.Argument(TypeNames.TimeSpanFromSeconds(timeSpan, TimeoutSeconds)),
            })));

        var newRoot = InsertStatementAfter(root, declaration, SyntaxFactory.ExpressionStatement(call));
        if (newRoot is not CompilationUnitSyntax compilationUnit)
        {
            return null;
        }

        var inScope = false;
        foreach (var symbol in semanticModel.LookupNamespacesAndTypes(declaration.SpanStart, name: heartbeatType.Name))
        {
            inScope |= SymbolEqualityComparer.Default.Equals(symbol, heartbeatType);
        }

        return inScope ? compilationUnit : UsingDirectives.Add(compilationUnit, heartbeatType.ContainingNamespace.ToDisplayString());
    }

    private static SyntaxNode? InsertStatementAfter(SyntaxNode root, StatementSyntax statement, StatementSyntax newStatement)
    {
        var lineBreak = SyntaxFactory.ElasticCarriageReturnLineFeed;
        foreach (var trivia in statement.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                lineBreak = trivia;
            }
        }

        newStatement = newStatement
            .WithTrailingTrivia(lineBreak)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return statement.Parent switch
        {
            BlockSyntax or SwitchSectionSyntax => root.InsertNodesAfter(statement, new[] { newStatement }),
            GlobalStatementSyntax global => root.InsertNodesAfter(global, new[] { SyntaxFactory.GlobalStatement(newStatement) }),
            _ => null,
        };
    }

    /// <summary>A receiver that can be written twice without running anything twice: <c>ws.Options</c>, <c>_socket.Options</c>.</summary>
    private static bool IsPlainReceiver(ExpressionSyntax receiver)
    {
        return receiver switch
        {
            IdentifierNameSyntax or ThisExpressionSyntax => true,
            MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsPlainReceiver(access.Expression),
            _ => false,
        };
    }

    private static bool AssignsTimeoutNearby(StatementSyntax statement, ExpressionSyntax receiver)
    {
        if (statement.Parent is not BlockSyntax block)
        {
            return false;
        }

        var target = receiver.WithoutTrivia().ToString() + "." + TimeoutName;
        foreach (var sibling in block.Statements)
        {
            if (sibling is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: var left } }
                && left.WithoutTrivia().ToString() == target)
            {
                return true;
            }
        }

        return false;
    }

    private static T? FindWithSpan<T>(SyntaxNode node, TextSpan span)
        where T : SyntaxNode
    {
        for (SyntaxNode? current = node; current is not null && current.Span.Contains(span); current = current.Parent)
        {
            if (current is T match && current.Span == span)
            {
                return match;
            }
        }

        return null;
    }
}
