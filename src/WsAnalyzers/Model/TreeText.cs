using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using WsAnalyzers.Infrastructure;

namespace WsAnalyzers.Model;

/// <summary>
/// The text of a syntax tree as one string, made once per tree and shared by every search of it. The rules look
/// for names in text before they bind anything; before this, each of those searches copied the whole tree again.
/// </summary>
internal static class TreeText
{
    private static readonly ConditionalWeakTable<SyntaxTree, string> s_byTree = new();

    public static string Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (s_byTree.TryGetValue(tree, out var known))
        {
            return known;
        }

        var text = tree.GetText(cancellationToken).ToString();
        return s_byTree.AddOrKeep(tree, text);
    }

    public static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

    /// <summary>The identifier that contains the character at <paramref name="position"/>: its start and end.</summary>
    public static (int Start, int End) IdentifierAround(ReadOnlySpan<char> text, int position, int length)
    {
        var start = position;
        while (start > 0 && IsIdentifierPart(text[start - 1]))
        {
            start--;
        }

        var end = position + length;
        while (end < text.Length && IsIdentifierPart(text[end]))
        {
            end++;
        }

        return (start, end);
    }

    /// <summary>The position of the last character at or before <paramref name="at"/> that <paramref name="skipped"/> does not take; -1 when none.</summary>
    public static int SkipBack(ReadOnlySpan<char> text, int at, Func<char, bool> skipped)
    {
        while (at >= 0 && skipped(text[at]))
        {
            at--;
        }

        return at;
    }

    /// <summary>
    /// True when the keyword <paramref name="keyword"/> is the word whose last character is at <paramref name="last"/>:
    /// no identifier character comes right before it (the caller has seen what follows).
    /// </summary>
    public static bool KeywordEndsAt(ReadOnlySpan<char> text, int last, string keyword)
    {
        var start = last - keyword.Length + 1;
        return start >= 0
            && text.Slice(start, keyword.Length).SequenceEqual(keyword.AsSpan())
            && (start == 0 || !IsIdentifierPart(text[start - 1]));
    }

    /// <summary>The first position at or after <paramref name="from"/> where <paramref name="text"/> spells <paramref name="value"/>; -1 when none.</summary>
    public static int IndexOf(ReadOnlySpan<char> text, string value, int from)
    {
        var found = text.Slice(from).IndexOf(value.AsSpan());
        return found < 0 ? -1 : from + found;
    }

    /// <summary>The next place after the <paramref name="word"/> at <paramref name="at"/> where it is spelled within <paramref name="span"/>; -1 when none.</summary>
    public static int NextWithin(string text, string word, int at, TextSpan span)
    {
        var from = at + word.Length;
        return from >= span.End ? -1 : text.IndexOf(word, from, span.End - from, StringComparison.Ordinal);
    }

    /// <summary>True when the text spells <paramref name="word"/> between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public static bool Spells(string text, string word, int start, int end)
    {
        return end > start && text.IndexOf(word, start, end - start, StringComparison.Ordinal) >= 0;
    }
}
