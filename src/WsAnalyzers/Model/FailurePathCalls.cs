using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>A call to the compilation's own code on a failure path, and the unbounded close it reaches.</summary>
internal readonly struct FailurePathCall
{
    public FailurePathCall(IInvocationOperation invocation, string explanation, ReachedClose close)
    {
        Invocation = invocation;
        Explanation = explanation;
        Close = close;
    }

    public IInvocationOperation Invocation { get; }

    /// <summary>Completes "… waits for the peer's close frame, but …".</summary>
    public string Explanation { get; }

    public ReachedClose Close { get; }
}

/// <summary>
/// WS0003 across methods: on a failure path (a catch of a broken connection, a failed-heartbeat branch, the code after a
/// watchdog loop gives up on the peer) a call into the project's own code that reaches a close with no time limit.
/// Only files that use a WebSocket API by name are read, and in them only the members that spell a failure word
/// (<c>Exception</c>, <c>Timeout</c>/<c>timeout</c>, <c>Alive</c>/<c>alive</c>, <c>Deadline</c>/<c>deadline</c>):
/// every failure path the rule recognises names one of them, where it can start one: in the type a catch clause catches,
/// when that type is one a broken connection raises, or in the condition of a branch (a heartbeat check, a watchdog
/// loop's exit). A <c>throw new ArgumentException</c>, a <c>catch (Exception)</c> or a request's <c>Timeout</c> option
/// starts none, and the members full of them are not bound.
/// </summary>
internal static class FailurePathCalls
{
    private const string ExceptionWord = "Exception";
    private static readonly string[] s_failureWords = { ExceptionWord, "imeout", "live", "eadline" };
    private static readonly ConditionalWeakTable<SyntaxTree, int[]> s_failureWordsByTree = new();

    public static void RegisterFailurePathCallWalk(this CompilationStartAnalysisContext start, Lazy<WebSocketSymbols?> symbolsOnFirstUse, Action<FailurePathCall, SemanticModelAnalysisContext> report)
    {
        if (SourceMentions.InCompilation(start.Compilation, start.CancellationToken) == Mentions.None)
        {
            return;
        }

        var generatedCodeAttribute = SourceMentions.GeneratedCodeAttributeOnFirstUse(start.Compilation);
        start.RegisterSemanticModelAction(context =>
        {
            var cancellationToken = context.CancellationToken;
            var semanticModel = context.SemanticModel;
            var tree = semanticModel.SyntaxTree;
            if (SourceMentions.SpelledIn(tree, cancellationToken) == Mentions.None)
            {
                return;
            }

            var root = tree.GetRoot(cancellationToken);
            var text = TreeText.Of(tree, cancellationToken);
            var walked = new HashSet<SyntaxNode>();
            foreach (var position in FailureWords(tree, cancellationToken))
            {
                // The symbols only once a failure word sits in executable code: a file whose words are all in declarations
                // (an interface of the project's own client) costs no lookups.
                if (!MayStartFailurePath(root, text, position, semanticModel, symbolsOnFirstUse, cancellationToken)
                    || SourceMentions.OperationRootAt(semanticModel, root, position, cancellationToken) is not { } operationRoot
                    || !walked.Add(operationRoot.Syntax)
                    || symbolsOnFirstUse.Value is not { } symbols
                    || SourceMentions.IsGeneratedCode(semanticModel.GetEnclosingSymbol(position, cancellationToken), generatedCodeAttribute.Value))
                {
                    continue;
                }

                foreach (var operation in operationRoot.Descendants())
                {
                    if (operation is IInvocationOperation invocation && Find(invocation, semanticModel, symbols, cancellationToken) is { } call)
                    {
                        report(call, context);
                    }
                }
            }
        });
    }

    /// <summary>
    /// The failure word at <paramref name="position"/> is where <see cref="UnresponsivePeerEvidence"/> or
    /// <see cref="WatchdogLoopExit"/> could find evidence: the type of a catch clause that catches what a broken connection
    /// raises, or (for the heartbeat words) the condition of an if statement or conditional expression.
    /// </summary>
    [MethodImpl(JitHints.OptimizeAtOnce)]
    private static bool MayStartFailurePath(
        SyntaxNode root, string text, int position, SemanticModel semanticModel, Lazy<WebSocketSymbols?> symbolsOnFirstUse, CancellationToken cancellationToken)
    {
        var isExceptionWord = string.CompareOrdinal(text, position, ExceptionWord, 0, ExceptionWord.Length) == 0;
        if (isExceptionWord && !MayBeInCaughtType(text, position))
        {
            return false;
        }

        var node = root.FindToken(position).Parent;
        while (node is NameSyntax)
        {
            node = node.Parent;
        }

        if (node is CatchDeclarationSyntax declaration)
        {
            return symbolsOnFirstUse.Value is { } symbols
                && UnresponsivePeerEvidence.MayCatchBrokenConnection(CaughtType(semanticModel, declaration, cancellationToken), symbols);
        }

        return !isExceptionWord && node is not null && IsInBranchCondition(node);
    }

    /// <summary>
    /// Read from the catch clause's operation: the method's operation tree is the one the walk then reads (and in a build
    /// the one every operation analyzer already had made), while the type info of the type's own syntax is bound apart
    /// from the method, into a node map of its own, for each catch.
    /// </summary>
    private static ITypeSymbol? CaughtType(SemanticModel semanticModel, CatchDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        return declaration.Parent is CatchClauseSyntax clause && semanticModel.GetOperation(clause, cancellationToken) is ICatchClauseOperation caught
            ? caught.ExceptionType
            : semanticModel.GetTypeInfo(declaration.Type, cancellationToken).Type;
    }

    /// <summary>
    /// False when the text before <paramref name="position"/> on its line shows that the word there is not in the type of
    /// a catch clause: going back over the (qualified) name, the first other character is not the parenthesis after
    /// <c>catch</c>. Most <c>Exception</c>s in a file are thrown, declared or passed on, and reading their line costs less
    /// than finding their token. Where a comment, a line break, a generic name or a Unicode escape comes between, the token
    /// decides.
    /// </summary>
    private static bool MayBeInCaughtType(string text, int position)
    {
        var at = TreeText.SkipBack(text, position - 1, static c => TreeText.IsIdentifierPart(c) || c is '.' or ':' or '@' or ' ' or '\t');
        if (at < 0 || text[at] is '/' or '*' or '\n' or '\r' or '<' or '>' or ',' or '\\')
        {
            return true;
        }

        if (text[at] != '(')
        {
            return false;
        }

        at = TreeText.SkipBack(text, at - 1, static c => c is ' ' or '\t');
        if (at < 0 || text[at] is '/' or '*' or '\n' or '\r')
        {
            return true;
        }

        return TreeText.KeywordEndsAt(text, at, "catch");
    }

    private static bool IsInBranchCondition(SyntaxNode node)
    {
        for (var child = node; child.Parent is { } parent; child = parent)
        {
            switch (parent)
            {
                case IfStatementSyntax ifStatement:
                    return ifStatement.Condition == child;
                case ConditionalExpressionSyntax conditional when conditional.Condition == child:
                    return true;
                case StatementSyntax or MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax:
                    return false;
            }
        }

        return false;
    }

    private static FailurePathCall? Find(IInvocationOperation invocation, SemanticModel semanticModel, WebSocketSymbols symbols, CancellationToken cancellationToken)
    {
        var target = invocation.TargetMethod;
        if (target.DeclaringSyntaxReferences.Length == 0 || target.ContainingType.IsOrDerivesFrom(symbols.WebSocket))
        {
            return null;
        }

        var explanation = UnresponsivePeerEvidence.Find(invocation, symbols)?.Explanation
            ?? (WatchdogLoopExit.Precedes(invocation) ? "the watchdog loop before it ends when the peer stopped answering" : null);
        if (explanation is null)
        {
            return null;
        }

        var close = FailureCallTarget.OfCreatedReceiver(invocation, cancellationToken) is { } implementation
            ? CloseReach.FindInKnownImplementation(implementation, semanticModel, symbols, cancellationToken)
            : CloseReach.Find(target, semanticModel, symbols, cancellationToken);
        if (close is null)
        {
            return null;
        }

        return new FailurePathCall(invocation, explanation, close);
    }

    private static int[] FailureWords(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (s_failureWordsByTree.TryGetValue(tree, out var known))
        {
            return known;
        }

        var text = TreeText.Of(tree, cancellationToken);
        var positions = new List<int>();
        foreach (var word in s_failureWords)
        {
            for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
            {
                positions.Add(at);
            }
        }

        var found = positions.ToArray();
        return s_failureWordsByTree.AddOrKeep(tree, found);
    }
}
