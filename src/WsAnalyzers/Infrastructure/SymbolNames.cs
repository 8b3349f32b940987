using System;

namespace WsAnalyzers.Infrastructure;

internal static class SymbolNames
{
    /// <summary>
    /// Lower-cases a name and drops field prefixes (<c>_</c>, <c>m_</c>, <c>s_</c>, <c>t_</c>) so that
    /// <c>_lastPong</c>, <c>m_LastPong</c> and <c>LastPong</c> compare equal.
    /// </summary>
    public static string Normalize(string name)
    {
        var start = 0;
        if (name.Length > 2 && name[1] == '_' && name[0] is 'm' or 's' or 't')
        {
            start = 2;
        }

        while (start < name.Length && name[start] == '_')
        {
            start++;
        }

        return name.Substring(start).ToLowerInvariant();
    }

    public static bool Contains(string normalizedName, string fragment)
    {
        return normalizedName.IndexOf(fragment, StringComparison.Ordinal) >= 0;
    }
}
