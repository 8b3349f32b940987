using System;

namespace WsAnalyzers.Model;

/// <summary>
/// A set of names kept as <see cref="Bits"/> bits, two per name (a Bloom filter): it answers "certainly not here" for
/// most names a tree does not declare, without a dictionary lookup. A compilation lays its trees' filters side by side
/// in one array, so that asking every tree about one name reads that array and nothing else.
/// </summary>
internal static class NameFilter
{
    public const int Bits = 512;

    /// <summary>How many <see cref="ulong"/>s one filter takes.</summary>
    public const int Words = Bits / 64;

    /// <summary>The two bits of <paramref name="name"/>: computed once per question, then tested against every tree.</summary>
    public static (int First, int Second) BitsOf(string name)
    {
        var hash = (uint)StringComparer.Ordinal.GetHashCode(name);
        return ((int)(hash % Bits), (int)((hash * 0x9E3779B1u) >> 23));
    }

    public static void Add(ulong[] filters, int offset, string name)
    {
        var (first, second) = BitsOf(name);
        filters[offset + (first >> 6)] |= 1UL << (first & 63);
        filters[offset + (second >> 6)] |= 1UL << (second & 63);
    }

    /// <summary>False when the filter at <paramref name="offset"/> certainly lacks the name whose bits are <paramref name="bits"/>.</summary>
    public static bool MayContain(ulong[] filters, int offset, (int First, int Second) bits)
    {
        return (filters[offset + (bits.First >> 6)] & (1UL << (bits.First & 63))) != 0
            && (filters[offset + (bits.Second >> 6)] & (1UL << (bits.Second & 63))) != 0;
    }
}
