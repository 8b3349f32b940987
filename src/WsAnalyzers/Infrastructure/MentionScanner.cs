using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WsAnalyzers.Model;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// Finds the WebSocket API names in one tree's text. It runs on every file of every build, so it reads text,
/// not syntax: a few vectorized searches for substrings the names share, then a look at the characters around
/// each match. The syntax tree is consulted only where text cannot decide (a <c>CloseAsync</c> argument list with
/// strings, comments or generics in it; a target-typed <c>new()</c> after <c>=&gt;</c> or <c>return</c>).
/// </summary>
/// <remarks>
/// A name in a comment or a string counts as a mention. That only costs the rules a look at code that cannot
/// match; missing a real mention would cost a diagnostic, so every doubt resolves towards "mentioned".
/// </remarks>
internal static class MentionScanner
{
    private static readonly Anchor[] s_anchors =
    {
        new("WebSocket",
            ("ClientWebSocket", Mentions.KeepAliveSetup),
            ("UseWebSockets", Mentions.KeepAliveSetup),
            ("CreateClientWebSocket", Mentions.KeepAliveSetup),
            ("CreateServerWebSocket", Mentions.KeepAliveSetup),
            ("AcceptWebSocketAsync", Mentions.KeepAliveSetup | Mentions.Accept)),
        new("Close",
            ("CloseAsync", Mentions.CloseCall),
            ("CloseOutputAsync", Mentions.CloseCall),
            ("CloseStatus", Mentions.CloseStatus)),
        new("ConnectAsync", ("ConnectAsync", Mentions.Connect)),
        new("ReceiveAsync", ("ReceiveAsync", Mentions.Receive)),
        new("KeepAliveInterval", ("KeepAliveInterval", Mentions.KeepAliveSetup)),
        new("CreateFromStream", ("CreateFromStream", Mentions.KeepAliveSetup)),
    };

    public static TreeMentions Scan(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = TreeText.Of(tree, cancellationToken);
        var scan = new TreeScan(tree, text, cancellationToken);
        foreach (var anchor in s_anchors)
        {
            scan.FindNames(anchor);
        }

        scan.FindNewReturnedByLambda();
        scan.FindConnectCalls();

        // A partial type declared here may be completed by a tree that does mention a name (see MentionedTypes).
        var mayDeclarePartialType = text.IndexOf("partial", StringComparison.Ordinal) >= 0;
        var declaresGlobalAlias = text.IndexOf("global", StringComparison.Ordinal) >= 0 && DeclaresGlobalAlias(tree, cancellationToken);
        return scan.Found == Mentions.None && !mayDeclarePartialType && !declaresGlobalAlias
            ? TreeMentions.Nothing
            : new TreeMentions(scan.Found, scan.Hits?.ToArray() ?? Array.Empty<(int, Mentions)>(), mayDeclarePartialType, declaresGlobalAlias);
    }

    private static bool DeclaresGlobalAlias(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (tree.GetRoot(cancellationToken) is CompilationUnitSyntax unit)
        {
            foreach (var directive in unit.Usings)
            {
                if (directive.Alias is not null && directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A substring that every one of <see cref="Names"/> contains, searched for once.</summary>
    private sealed class Anchor
    {
        public Anchor(string text, params (string Name, Mentions Mention)[] names)
        {
            Text = text;
            Names = names;
        }

        public string Text { get; }

        public (string Name, Mentions Mention)[] Names { get; }
    }

    private struct TreeScan
    {
        private readonly SyntaxTree _tree;
        private readonly string _text;
        private readonly CancellationToken _cancellationToken;
        private SyntaxNode? _root;

        public TreeScan(SyntaxTree tree, string text, CancellationToken cancellationToken)
        {
            _tree = tree;
            _text = text;
            _cancellationToken = cancellationToken;
            _root = null;
            Found = Mentions.None;
            Hits = null;
        }

        public Mentions Found { get; private set; }

        public List<(int Position, Mentions Mention)>? Hits { get; private set; }

        public void FindNames(Anchor anchor)
        {
            var text = _text;
            for (var at = text.IndexOf(anchor.Text, StringComparison.Ordinal); at >= 0; at = text.IndexOf(anchor.Text, at, StringComparison.Ordinal))
            {
                var (start, end) = TreeText.IdentifierAround(text, at, anchor.Text.Length);

                at = end;
                foreach (var (name, mention) in anchor.Names)
                {
                    if (name.Length == end - start
                        && string.CompareOrdinal(text, start, name, 0, name.Length) == 0
                        && (mention != Mentions.CloseCall || IsCallWithThreeArguments(start, end)))
                    {
                        Add(start, mention);
                        break;
                    }
                }
            }
        }

        /// <summary>
        /// A target-typed <c>new(…)</c> returned by a lambda: its type may be spelled only in a delegate type declared
        /// elsewhere. Every such creation is a hit of its own, because the type around it may spell no other name.
        /// </summary>
        public void FindNewReturnedByLambda()
        {
            var text = _text;
            for (var at = text.IndexOf("new", StringComparison.Ordinal); at >= 0; at = text.IndexOf("new", at + 3, StringComparison.Ordinal))
            {
                if ((at > 0 && TreeText.IsIdentifierPart(text[at - 1]))
                    || SkipWhitespace(at + 3) is not { } next
                    || text[next] != '('
                    || !FollowsArrowOrReturn(at))
                {
                    continue;
                }

                var token = Root().FindToken(at);
                if (token.IsKind(SyntaxKind.NewKeyword)
                    && token.SpanStart == at
                    && token.Parent is ImplicitObjectCreationExpressionSyntax creation
                    && IsReturnedByLambda(creation))
                {
                    Add(at, Mentions.KeepAliveSetup);
                }
            }
        }

        /// <summary>A call whose name contains <c>Connect</c> (not <c>Disconnect</c>, not <c>Connection</c>): the project's own connect method.</summary>
        public void FindConnectCalls()
        {
            var text = _text;
            for (var at = text.IndexOf("onnect", StringComparison.Ordinal); at >= 0; at = text.IndexOf("onnect", at, StringComparison.Ordinal))
            {
                var (start, end) = TreeText.IdentifierAround(text, at, "onnect".Length);

                at = end;
                if (text.IndexOf("isconnect", start, end - start, StringComparison.Ordinal) < 0
                    && text.IndexOf("onnection", start, end - start, StringComparison.Ordinal) < 0
                    && text.IndexOf("onnected", start, end - start, StringComparison.Ordinal) < 0
                    && SkipWhitespace(end) is { } next
                    && text[next] is '(' or '<')
                {
                    Add(start, Mentions.ConnectCall);
                }
            }
        }

        private void Add(int position, Mentions mention)
        {
            Found |= mention;
            (Hits ??= new List<(int, Mentions)>()).Add((position, mention));
        }

        private SyntaxNode Root() => _root ??= _tree.GetRoot(_cancellationToken);

        private int? SkipWhitespace(int position)
        {
            while (position < _text.Length && char.IsWhiteSpace(_text[position]))
            {
                position++;
            }

            return position < _text.Length ? position : null;
        }

        /// <summary>The text before <paramref name="position"/>, past whitespace and opening parentheses, is <c>=&gt;</c> or <c>return</c>.</summary>
        private bool FollowsArrowOrReturn(int position)
        {
            var text = _text;
            var before = TreeText.SkipBack(text, position - 1, static c => char.IsWhiteSpace(c) || c == '(');

            if (before >= 1 && text[before] == '>' && text[before - 1] == '=')
            {
                return true;
            }

            return TreeText.KeywordEndsAt(text, before, "return");
        }

        /// <summary>
        /// The name between <paramref name="start"/> and <paramref name="end"/> is called with three arguments:
        /// counted in the text when its argument list is plain, asked of the syntax tree otherwise.
        /// </summary>
        private bool IsCallWithThreeArguments(int start, int end)
        {
            return ArgumentCount(end) switch
            {
                3 => true,
                null => IsCallWithThreeArguments(Root().FindToken(start)),
                _ => false,
            };
        }

        /// <summary>
        /// The number of arguments of the call whose name ends at <paramref name="end"/>; -1 when no argument list
        /// follows, null when the text alone cannot tell (strings, characters, comments, generics, directives).
        /// </summary>
        private int? ArgumentCount(int end)
        {
            var text = _text;
            if (SkipWhitespace(end) is not { } open)
            {
                return -1;
            }

            if (text[open] != '(')
            {
                return text[open] == '<' ? null : -1;
            }

            var depth = 0;
            var commas = 0;
            var empty = true;
            for (var position = open + 1; position < text.Length; position++)
            {
                var c = text[position];
                switch (c)
                {
                    case '(' or '[' or '{':
                        depth++;
                        break;
                    case ')' or ']' or '}':
                        if (depth == 0)
                        {
                            return c == ')' ? (empty ? 0 : commas + 1) : null;
                        }

                        depth--;
                        break;
                    case ',':
                        if (depth == 0)
                        {
                            commas++;
                        }

                        break;
                    case '"' or '\'' or '<' or '>' or '/' or '@' or '$' or '#':
                        return null;
                }

                if (!char.IsWhiteSpace(c))
                {
                    empty = false;
                }
            }

            return null;
        }

        /// <summary><c>x.CloseAsync(a, b, c)</c>, <c>x?.CloseAsync(a, b, c)</c> or <c>CloseAsync(a, b, c)</c>.</summary>
        private static bool IsCallWithThreeArguments(SyntaxToken name)
        {
            SyntaxNode? callee = name.Parent;
            if (callee?.Parent is MemberAccessExpressionSyntax access && access.Name == callee)
            {
                callee = access;
            }
            else if (callee?.Parent is MemberBindingExpressionSyntax binding)
            {
                callee = binding;
            }

            return callee?.Parent is InvocationExpressionSyntax invocation
                && invocation.Expression == callee
                && invocation.ArgumentList.Arguments.Count == 3;
        }

        /// <summary>
        /// <c>() =&gt; new()</c> or <c>return new();</c> inside a lambda. A method's own return type is in its
        /// declaration, so that case is covered by name.
        /// </summary>
        private static bool IsReturnedByLambda(ImplicitObjectCreationExpressionSyntax creation)
        {
            SyntaxNode? node = creation.Parent;
            while (node is ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            if (node is LambdaExpressionSyntax)
            {
                return true;
            }

            if (node is not ReturnStatementSyntax)
            {
                return false;
            }

            for (; node is not null; node = node.Parent)
            {
                if (node is AnonymousFunctionExpressionSyntax)
                {
                    return true;
                }

                if (node is LocalFunctionStatementSyntax or MemberDeclarationSyntax)
                {
                    return false;
                }
            }

            return false;
        }
    }
}
