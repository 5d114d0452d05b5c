namespace DigitalTwin.Grains.Twins;

/// <summary>
/// Tells a device about a condition that repeats with every message (a clock running ahead, stale messages) at
/// most once per <see cref="Interval"/> for each error code, so a misbehaving device is told without being flooded
/// and without the platform publishing an error for every message it sends. Lives in a twin activation's memory:
/// one entry per code, and the codes are the platform's own few, so it stays small; a new activation starts afresh.
/// </summary>
internal sealed class RepeatedErrorThrottle
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    // Created on the first report: most twins never need one.
    private Dictionary<string, DateTimeOffset>? _lastReported;

    /// <summary>Whether the device should hear about <paramref name="code"/> now; if so, the report is remembered.</summary>
    public bool ShouldReport(string code, DateTimeOffset now)
    {
        _lastReported ??= new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (_lastReported.TryGetValue(code, out var last) && now - last < Interval)
        {
            return false;
        }

        _lastReported[code] = now;
        return true;
    }
}
