using System;
using WsAnalyzers.Model;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// Tells from a line of text that a name stands where it is declared (<c>Task ConnectAsync(string host);</c>),
/// not where it is used. A project's own client interfaces declare <c>ConnectAsync</c>, <c>CloseAsync</c> or
/// <c>ReceiveAsync</c> without any WebSocket code behind them; counting those declarations as mentions made every
/// rule look at such a project. A declaration is never the call a rule judges, and the call sites are mentions of
/// their own.
/// </summary>
/// <remarks>
/// Only a plain line decides: the name preceded, on its own line, by a type name or a generic type's closing
/// <c>&gt;</c>, with no string, character, comment, directive or pointer on the line before it. Anything else (the
/// name first on its line, on a line whose start is not in view, after <c>?</c>, <c>)</c>, <c>]</c>, <c>.</c> or an
/// operator, or after a keyword that an expression can follow, such as <c>await</c>, <c>return</c> or <c>else</c>)
/// counts as a use, so a doubt never hides a call.
/// </remarks>
internal static class DeclarationSpelling
{
    /// <summary>
    /// Keywords that an expression can follow on the same line, between spaces: a name after one of them is used. One
    /// string searched once per declaration, not a list compared one by one.
    /// </summary>
    private const string KeywordsBeforeExpressions =
        " and as ascending await by case default descending do else equals from goto group in into is join let new not" +
        " on or orderby out ref return select throw when where with yield ";

    private static readonly char[] s_unplainCharacters = { '"', '\'', '/', '#', '*', '@', '$' };

    /// <summary>True when the identifier that starts at <paramref name="nameStart"/> is the name of a declaration.</summary>
    public static bool IsDeclaredAt(ReadOnlySpan<char> text, int nameStart)
    {
        // On the text's first line (or a window's) the start of the line is unknown.
        var lineStart = text.Slice(0, nameStart).LastIndexOf('\n') + 1;
        if (lineStart == 0)
        {
            return false;
        }

        var before = nameStart - 1;
        while (before >= lineStart && text[before] is ' ' or '\t')
        {
            before--;
        }

        if (before < lineStart || !IsPlainCode(text, lineStart, before))
        {
            return false;
        }

        var last = text[before];
        if (last == '>')
        {
            // "Task<T> Name", not "=> Name" or "p->Name".
            return before > lineStart && text[before - 1] is not ('=' or '-');
        }

        if (!TreeText.IsIdentifierPart(last))
        {
            return false;
        }

        var (wordStart, _) = TreeText.IdentifierAround(text, before, 1);
        return !IsKeywordBeforeExpressions(text.Slice(wordStart, before - wordStart + 1));
    }

    /// <summary><paramref name="word"/> is one of <see cref="KeywordsBeforeExpressions"/>, not a part of one.</summary>
    private static bool IsKeywordBeforeExpressions(ReadOnlySpan<char> word)
    {
        var keywords = KeywordsBeforeExpressions.AsSpan();
        for (var from = 0; from < keywords.Length;)
        {
            var found = keywords.Slice(from).IndexOf(word);
            if (found < 0)
            {
                return false;
            }

            // The list starts and ends with a space, and a word holds none: both neighbours exist.
            var at = from + found;
            if (keywords[at - 1] == ' ' && keywords[at + word.Length] == ' ')
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>The line up to the name holds no string, character, comment, directive or pointer type that text could misread.</summary>
    private static bool IsPlainCode(ReadOnlySpan<char> text, int start, int last)
    {
        return text.Slice(start, last - start + 1).IndexOfAny(s_unplainCharacters) < 0;
    }
}
