using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WsAnalyzers.Benchmarks.Corpus;

/// <summary>
/// Writes WebSocket-free application code. Every shape here deliberately reaches WsAnalyzers' callbacks
/// without matching: invocations of a user-defined <c>CloseAsync</c> inside catches of
/// OperationCanceledException and TimeoutException and inside an expired-deadline branch, bool liveness
/// flags, TimeSpan comparisons, retry loops with Task.Delay. A rule that only looked at names would fire
/// here; the benchmark's sanity check makes sure none does.
/// </summary>
internal static class OrdinaryCode
{
    private static readonly string[] s_domainWords =
    {
        "Order", "Invoice", "Customer", "Shipment", "Ledger", "Catalog", "Ticket", "Sensor",
        "Booking", "Payment", "Inventory", "Route", "Account", "Report", "Schedule", "Warehouse",
    };

    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        """;

    /// <summary>A type-name prefix that is unique per file, so files can share one namespace tree without clashes.</summary>
    public static string TypePrefix(int fileIndex, Random random)
    {
        return s_domainWords[random.Next(s_domainWords.Length)] + fileIndex.ToString("D4", CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a record, an interface and a service class of about 110 lines.</summary>
    public static void AppendTypes(StringBuilder output, string prefix, Random random)
    {
        var timeoutSeconds = random.Next(5, 120);
        var attempts = random.Next(2, 6);
        var delayMilliseconds = random.Next(50, 500);
        var window = random.Next(2, 9);
        var fewThreshold = random.Next(3, 50);
        var heavyWeight = (random.Next(11, 30) / 10m).ToString(CultureInfo.InvariantCulture);
        var lightWeight = (random.Next(1, 10) / 10m).ToString(CultureInfo.InvariantCulture);

        output.Append(CultureInfo.InvariantCulture, $$"""

            public sealed record {{prefix}}Entry(int Id, string Name, decimal Amount, bool IsActive, DateTimeOffset LastMessageAt);

            public interface I{{prefix}}Store
            {
                Task<IReadOnlyList<{{prefix}}Entry>> LoadAsync(CancellationToken cancellationToken);
            }

            public sealed class {{prefix}}Service
            {
                private readonly List<{{prefix}}Entry> _entries = new();
                private readonly I{{prefix}}Store _store;
                private readonly TimeSpan _timeout = TimeSpan.FromSeconds({{timeoutSeconds}});
                private DateTimeOffset _lastMessageAt = DateTimeOffset.UtcNow;
                private bool _isAlive = true;
                private int _closeCount;

                public {{prefix}}Service(I{{prefix}}Store store)
                {
                    _store = store;
                }

                public int Count => _entries.Count;

                public bool IsAlive => _isAlive;

                public int CloseCount => _closeCount;

            """);

        var members = new List<string>
        {
            $$"""
                public IReadOnlyList<string> ActiveNames(decimal minimum)
                {
                    return _entries
                        .Where(entry => entry.IsActive && entry.Amount >= minimum)
                        .OrderBy(entry => entry.Name, StringComparer.Ordinal)
                        .Select(entry => entry.Name)
                        .ToList();
                }

            """,
            $$"""
                public decimal WeightedTotal()
                {
                    decimal total = 0;
                    for (var index = 0; index < _entries.Count; index++)
                    {
                        var weight = index % {{window}} == 0 ? {{heavyWeight}}m : {{lightWeight}}m;
                        total += _entries[index].Amount * weight;
                    }

                    return total;
                }

            """,
            $$"""
                public async Task<int> RefreshAsync(CancellationToken cancellationToken)
                {
                    try
                    {
                        var loaded = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
                        _entries.Clear();
                        _entries.AddRange(loaded);
                        _lastMessageAt = DateTimeOffset.UtcNow;
                        return loaded.Count;
                    }
                    catch (OperationCanceledException)
                    {
                        await CloseAsync().ConfigureAwait(false);
                        return -1;
                    }
                }

            """,
            $$"""
                public async Task<bool> RetryAsync(CancellationToken cancellationToken)
                {
                    for (var attempt = 1; attempt <= {{attempts}}; attempt++)
                    {
                        try
                        {
                            await RefreshAsync(cancellationToken).ConfigureAwait(false);
                            return true;
                        }
                        catch (TimeoutException)
                        {
                            await CloseAsync().ConfigureAwait(false);
                            await Task.Delay(TimeSpan.FromMilliseconds({{delayMilliseconds}} * attempt), cancellationToken).ConfigureAwait(false);
                        }
                    }

                    return false;
                }

            """,
            $$"""
                public async Task CheckIdleAsync()
                {
                    if (DateTimeOffset.UtcNow - _lastMessageAt > _timeout)
                    {
                        _isAlive = false;
                        await CloseAsync().ConfigureAwait(false);
                    }
                    else if (!_isAlive)
                    {
                        _isAlive = true;
                    }
                }

            """,
            $$"""
                public string Describe(int code)
                {
                    var label = code switch
                    {
                        0 => "none",
                        < {{fewThreshold}} => "few",
                        _ => "many",
                    };
                    var builder = new StringBuilder();
                    builder.Append(label).Append(':').Append(_entries.Count);
                    foreach (var entry in _entries)
                    {
                        if (entry.IsActive)
                        {
                            builder.Append(' ').Append(entry.Name);
                        }
                        else
                        {
                            builder.Append(" -");
                        }
                    }

                    return builder.ToString();
                }

            """,
        };

        Shuffle(members, random);
        foreach (var member in members)
        {
            output.Append(member);
        }

        output.Append("""
                public Task CloseAsync()
                {
                    _closeCount++;
                    return Task.CompletedTask;
                }
            }

            """);
    }

    private static void Shuffle(List<string> items, Random random)
    {
        for (var index = items.Count - 1; index > 0; index--)
        {
            var swapWith = random.Next(index + 1);
            (items[index], items[swapWith]) = (items[swapWith], items[index]);
        }
    }
}
