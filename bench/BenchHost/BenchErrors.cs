using System.Collections.Concurrent;

namespace DigitalTwin.BenchHost;

/// <summary>Everything that went wrong on the device side, counted by kind, so the report can show it rather than hide it.</summary>
public sealed class BenchErrors
{
    private readonly ConcurrentDictionary<string, long> _byKind = new(StringComparer.Ordinal);

    public long Total => _byKind.Values.Sum();

    public void Record(string kind) => _byKind.AddOrUpdate(kind, 1, static (_, count) => count + 1);

    public IReadOnlyList<KeyValuePair<string, long>> ByKind() =>
        [.. _byKind.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal)];
}
