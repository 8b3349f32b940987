using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
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
    /// <summary>
    /// Substrings searched for once each, and the names that contain them. Tuples and arrays, not a class of our own:
    /// in a fresh compiler process each of our methods is compiled on its first call, and on a project without
    /// WebSocket code that compilation costs more than the searches (see <see cref="TreeScan"/>).
    /// </summary>
    private static readonly (string Anchor, (string Name, Mentions Mention)[] Names)[] s_anchors =
    {
        ("WebSocket", new[]
        {
            ("ClientWebSocket", Mentions.KeepAliveSetup),
            ("UseWebSockets", Mentions.KeepAliveSetup),
            ("CreateClientWebSocket", Mentions.KeepAliveSetup),
            ("CreateServerWebSocket", Mentions.KeepAliveSetup),
            ("AcceptWebSocketAsync", Mentions.KeepAliveSetup | Mentions.Accept),
        }),
        ("Close", new[]
        {
            ("CloseAsync", Mentions.CloseCall),
            ("CloseOutputAsync", Mentions.CloseCall),
            ("CloseStatus", Mentions.CloseStatus),
        }),
        ("ReceiveAsync", new[] { ("ReceiveAsync", Mentions.Receive) }),
        ("KeepAliveInterval", new[] { ("KeepAliveInterval", Mentions.KeepAliveSetup) }),
        ("CreateFromStream", new[] { ("CreateFromStream", Mentions.KeepAliveSetup) }),
    };

    /// <summary>The mentions of methods, which a declaration of the same name does not make.</summary>
    private const Mentions MethodNames = Mentions.Connect | Mentions.CloseCall | Mentions.Receive | Mentions.ConnectCall;

    /// <summary>
    /// The longest text scanned in one piece. A longer file (a generated table, an emoji list) is read in windows of
    /// this length, copied one after the other into one pooled buffer: the compiler keeps such a text in chunks, and
    /// its whole text as one string would be a fresh object on the large object heap in every build, which costs a
    /// compiler's heap more than the scan of the rest of the project.
    /// </summary>
    internal const int WindowLength = 32 * 1024;

    /// <summary>
    /// How far each window reaches into its neighbours, so that every name a window owns has this much text on both
    /// sides for the checks around it (the identifier, the keyword before it, its argument list).
    /// </summary>
    private const int WindowOverlap = 1024;

    public static TreeMentions Scan(SyntaxTree tree, CancellationToken cancellationToken) =>
        Scan(tree, WindowLength, cancellationToken);

    internal static TreeMentions Scan(SyntaxTree tree, int windowLength, CancellationToken cancellationToken)
    {
        var source = tree.GetText(cancellationToken);
        var scan = new TreeScan(tree, cancellationToken);
        if (source.Length <= windowLength)
        {
            scan.ScanWindow(source.ToString().AsSpan(), windowStart: 0, ownStart: 0, ownEnd: source.Length, reachesTextEnd: true);
        }
        else
        {
            ScanInWindows(source, windowLength, ref scan, cancellationToken);
        }

        var declaresGlobalAlias = scan.MaySpellGlobalUsing && DeclaresGlobalAlias(tree, cancellationToken);
        return scan.Found == Mentions.None && scan.Declared == Mentions.None && !scan.MayDeclarePartialType && !declaresGlobalAlias
            ? TreeMentions.Nothing
            : new TreeMentions(scan.Found, scan.Hits?.ToArray() ?? Array.Empty<(int, Mentions)>(), scan.Declared, scan.MayDeclarePartialType, declaresGlobalAlias);
    }

    /// <summary>
    /// A text longer than one window, read window by window (see <see cref="WindowLength"/>). A method of its own: most
    /// projects have no such file, and a fresh compiler process then never compiles this part.
    /// </summary>
    private static void ScanInWindows(SourceText source, int windowLength, ref TreeScan scan, CancellationToken cancellationToken)
    {
        var ownLength = Math.Max(WindowOverlap, windowLength - (2 * WindowOverlap));
        var buffer = ArrayPool<char>.Shared.Rent(ownLength + (2 * WindowOverlap));
        try
        {
            for (var ownStart = 0; ownStart < source.Length; ownStart += ownLength)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var ownEnd = Math.Min(source.Length, ownStart + ownLength);
                var windowStart = Math.Max(0, ownStart - WindowOverlap);
                var windowEnd = Math.Min(source.Length, ownEnd + WindowOverlap);
                source.CopyTo(windowStart, buffer, 0, windowEnd - windowStart);
                var window = new ReadOnlySpan<char>(buffer, 0, windowEnd - windowStart);
                scan.ScanWindow(window, windowStart, ownStart - windowStart, ownEnd - windowStart, reachesTextEnd: windowEnd == source.Length);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
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

    /// <remarks>
    /// Fields, not properties, and no delegates: each accessor and lambda would be one more method for the runtime to
    /// compile in every fresh compiler process, where nothing of ours has run before.
    /// </remarks>
    private ref struct TreeScan
    {
        private readonly SyntaxTree _tree;
        private readonly CancellationToken _cancellationToken;
        private SyntaxNode? _root;

        // The window of the tree's text being read: its text, where it starts in the tree, and the part of it whose
        // names it reports (the rest belongs to its neighbours).
        private ReadOnlySpan<char> _text;
        private int _windowStart;
        private int _ownStart;
        private int _ownEnd;
        private bool _reachesTextEnd;

        public TreeScan(SyntaxTree tree, CancellationToken cancellationToken)
        {
            _tree = tree;
            _cancellationToken = cancellationToken;
            _root = null;
            _text = default;
            _windowStart = _ownStart = _ownEnd = 0;
            _reachesTextEnd = false;
            Found = Mentions.None;
            Declared = Mentions.None;
            Hits = null;
            MayDeclarePartialType = false;
            MaySpellGlobalUsing = false;
        }

        public Mentions Found;

        public List<(int Position, Mentions Mention)>? Hits;

        /// <summary>The method names the text declares.</summary>
        public Mentions Declared;

        /// <summary>The text contains <c>partial</c>: a partial type declared here may be completed by a tree that mentions a name (see MentionedTypes).</summary>
        public bool MayDeclarePartialType;

        /// <summary>
        /// The text spells <c>global using</c>, which a global using alias needs. The word alone is common in comments
        /// ("global commands"), and each one cost a look at the tree's usings.
        /// </summary>
        public bool MaySpellGlobalUsing;

        public void ScanWindow(ReadOnlySpan<char> text, int windowStart, int ownStart, int ownEnd, bool reachesTextEnd)
        {
            _text = text;
            _windowStart = windowStart;
            _ownStart = ownStart;
            _ownEnd = ownEnd;
            _reachesTextEnd = reachesTextEnd;
            foreach (var (anchor, names) in s_anchors)
            {
                FindNames(anchor, names);
            }

            FindNewReturnedByLambda();
            FindConnectCalls();
            MayDeclarePartialType |= text.IndexOf("partial".AsSpan()) >= 0;
            MaySpellGlobalUsing |= SpellsGlobalUsing();
        }

        /// <summary>
        /// <c>global</c>, whitespace, <c>using</c>: the start of a global using directive, or text that reads like one.
        /// A comment or directive after <c>global</c> leaves it to the tree.
        /// </summary>
        private readonly bool SpellsGlobalUsing()
        {
            var text = _text;
            for (var at = TreeText.IndexOf(text, "global", 0); at >= 0; at = TreeText.IndexOf(text, "global", at + "global".Length))
            {
                var next = at + "global".Length;
                if (SkipWhitespace(next) is { } word && (text[word] is '/' or '#' || (word > next && text.Slice(word).StartsWith("using".AsSpan()))))
                {
                    return true;
                }
            }

            return false;
        }

        private readonly bool Owns(int position) => position >= _ownStart && position < _ownEnd;

        private void FindNames(string anchor, (string Name, Mentions Mention)[] names)
        {
            var text = _text;
            for (var at = TreeText.IndexOf(text, anchor, 0); at >= 0; at = TreeText.IndexOf(text, anchor, at))
            {
                var (start, end) = TreeText.IdentifierAround(text, at, anchor.Length);

                at = end;
                if (!Owns(start))
                {
                    continue;
                }

                foreach (var (name, mention) in names)
                {
                    if (name.Length == end - start
                        && text.Slice(start, name.Length).SequenceEqual(name.AsSpan())
                        && !IsDeclaration(mention, start)
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
        private void FindNewReturnedByLambda()
        {
            var text = _text;
            for (var at = TreeText.IndexOf(text, "new", 0); at >= 0; at = TreeText.IndexOf(text, "new", at + 3))
            {
                if (!Owns(at)
                    || (at > 0 && TreeText.IsIdentifierPart(text[at - 1]))
                    || SkipWhitespace(at + 3) is not { } next
                    || text[next] != '('
                    || !FollowsArrowOrReturn(at))
                {
                    continue;
                }

                var token = Root().FindToken(_windowStart + at);
                if (token.IsKind(SyntaxKind.NewKeyword)
                    && token.SpanStart == _windowStart + at
                    && token.Parent is ImplicitObjectCreationExpressionSyntax creation
                    && IsReturnedByLambda(creation))
                {
                    Add(at, Mentions.KeepAliveSetup);
                }
            }
        }

        /// <summary>
        /// <c>ConnectAsync</c>, and a call whose name contains <c>Connect</c> (not <c>Disconnect</c>, not
        /// <c>Connection</c>): the project's own connect method. One search serves both.
        /// </summary>
        private void FindConnectCalls()
        {
            var text = _text;
            for (var at = TreeText.IndexOf(text, "onnect", 0); at >= 0; at = TreeText.IndexOf(text, "onnect", at))
            {
                var (start, end) = TreeText.IdentifierAround(text, at, "onnect".Length);

                at = end;
                if (!Owns(start))
                {
                    continue;
                }

                if (text.Slice(start, end - start).SequenceEqual("ConnectAsync".AsSpan())
                    && !IsDeclaration(Mentions.Connect, start))
                {
                    Add(start, Mentions.Connect);
                }

                if (ConnectMethods.SaysConnect(text.Slice(start, end - start))
                    && SkipWhitespace(end) is { } next
                    && text[next] is '(' or '<'
                    && !IsDeclaration(Mentions.ConnectCall, start))
                {
                    Add(start, Mentions.ConnectCall);
                }
            }
        }

        /// <summary>The method name at <paramref name="position"/> is declared there: noted in <see cref="Declared"/>, not a mention.</summary>
        private bool IsDeclaration(Mentions mention, int position)
        {
            if ((mention & MethodNames) == 0 || !DeclarationSpelling.IsDeclaredAt(_text, position))
            {
                return false;
            }

            Declared |= mention;
            return true;
        }

        private void Add(int position, Mentions mention)
        {
            Found |= mention;
            (Hits ??= new List<(int, Mentions)>()).Add((_windowStart + position, mention));
        }

        private SyntaxNode Root() => _root ??= _tree.GetRoot(_cancellationToken);

        private readonly int? SkipWhitespace(int position)
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
            var before = position - 1;
            while (before >= 0 && (char.IsWhiteSpace(text[before]) || text[before] == '('))
            {
                before--;
            }

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
                null => IsCallWithThreeArguments(Root().FindToken(_windowStart + start)),
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
                // The window ends in whitespace: the rest of the file decides.
                return _reachesTextEnd ? -1 : null;
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
        private static bool IsCallWithThreeArguments(SyntaxToken name) =>
            name.Parent is SimpleNameSyntax simpleName
            && CallSyntax.InvocationOf(CallSyntax.CalleeOf(simpleName)) is { ArgumentList.Arguments.Count: 3 };

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
