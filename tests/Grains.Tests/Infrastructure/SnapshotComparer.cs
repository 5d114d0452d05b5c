using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>
/// Compares twin snapshots by value, dictionaries included (records compare them by reference).
/// Presence is evaluated at read time and left out.
/// </summary>
public sealed class SnapshotComparer : IEqualityComparer<TwinSnapshot>
{
    public bool Equals(TwinSnapshot? x, TwinSnapshot? y) =>
        x is not null && y is not null
        && x.Id == y.Id && x.Type == y.Type && x.Lifecycle == y.Lifecycle && x.LastSeen == y.LastSeen
        && x.CreatedAt == y.CreatedAt && x.LastUpdated == y.LastUpdated && x.Version == y.Version && x.Counters == y.Counters
        && Same(x.Metadata, y.Metadata) && Same(x.Properties, y.Properties) && Same(x.Reported, y.Reported);

    public int GetHashCode(TwinSnapshot obj) => obj.Id.GetHashCode(StringComparison.Ordinal);

    private static bool Same<T>(Dictionary<string, T> x, Dictionary<string, T> y) =>
        x.Count == y.Count && x.All(pair => y.TryGetValue(pair.Key, out var value) && EqualityComparer<T>.Default.Equals(pair.Value, value));
}
