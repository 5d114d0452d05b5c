namespace DigitalTwin.Behaviour.Traffic;

/// <summary>
/// What one host did before the current window, as far as its features need it: the remote endpoints it opened
/// sessions to, with the rhythm of those starts, and the DNS names it asked for. Bounded: each keeps the
/// <see cref="Capacity"/> most recently used entries, so a scan or a DNS tunnel cannot grow it without limit (the
/// oldest eighth is dropped when full, which keeps the cost per insert constant on average). Not thread-safe.
/// </summary>
internal sealed class HostHistory(int capacity)
{
    /// <summary>Starts closer together than this count as one: a client opening parallel connections is one contact.</summary>
    public const double MinimumGapSeconds = 1;

    /// <summary>Weight of a new gap in the exponentially weighted gap statistics: the last few gaps count most.</summary>
    public const double GapWeight = 0.25;

    /// <summary>Gaps an endpoint needs before its rhythm is reported.</summary>
    public const int MinimumGaps = 3;

    private readonly Dictionary<RemoteEndpoint, EndpointRhythm> _endpoints = [];
    private readonly Dictionary<ulong, long> _names = [];
    private long _clock;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "at least one entry");

    public int EndpointCount => _endpoints.Count;

    public int NameCount => _names.Count;

    /// <summary>
    /// The host opened a session to <paramref name="endpoint"/> at <paramref name="seconds"/> (any monotonic clock in
    /// seconds). Returns whether the endpoint was new to the history, and the endpoint's rhythm once it has enough gaps.
    /// </summary>
    public bool OpenedSession(in RemoteEndpoint endpoint, double seconds, out double gapMean, out double gapCv)
    {
        gapMean = gapCv = 0;
        _clock++;
        if (!_endpoints.TryGetValue(endpoint, out var rhythm))
        {
            if (_endpoints.Count >= Capacity)
            {
                Shrink(_endpoints, r => r.LastUse);
            }

            _endpoints.Add(endpoint, new EndpointRhythm { LastUse = _clock, LastStart = seconds });
            return true;
        }

        rhythm.LastUse = _clock;
        var gap = seconds - rhythm.LastStart;
        if (gap >= MinimumGapSeconds)
        {
            rhythm.LastStart = seconds;
            if (rhythm.Gaps == 0)
            {
                rhythm.Mean = gap;
            }
            else
            {
                // West's exponentially weighted mean and variance.
                var difference = gap - rhythm.Mean;
                rhythm.Mean += GapWeight * difference;
                rhythm.Variance = (1 - GapWeight) * (rhythm.Variance + GapWeight * difference * difference);
            }

            rhythm.Gaps++;
        }

        if (rhythm.Gaps >= MinimumGaps && rhythm.Mean > 0)
        {
            gapMean = rhythm.Mean;
            gapCv = Math.Sqrt(Math.Max(0, rhythm.Variance)) / rhythm.Mean;
        }

        return false;
    }

    /// <summary>The host asked for a name (by its identity); returns whether the history did not hold it.</summary>
    public bool Queried(ulong name)
    {
        _clock++;
        if (_names.ContainsKey(name))
        {
            _names[name] = _clock;
            return false;
        }

        if (_names.Count >= Capacity)
        {
            Shrink(_names, use => use);
        }

        _names.Add(name, _clock);
        return true;
    }

    /// <summary>Drops the least recently used eighth (at least one entry).</summary>
    private static void Shrink<TKey, TValue>(Dictionary<TKey, TValue> entries, Func<TValue, long> lastUse)
        where TKey : notnull
    {
        var drop = Math.Max(1, entries.Count / 8);
        var uses = new long[entries.Count];
        var i = 0;
        foreach (var value in entries.Values)
        {
            uses[i++] = lastUse(value);
        }

        Array.Sort(uses);
        var cutoff = uses[drop - 1];
        var removed = 0;
        foreach (var (key, value) in entries)
        {
            if (removed < drop && lastUse(value) <= cutoff)
            {
                entries.Remove(key);
                removed++;
            }
        }
    }

    private sealed class EndpointRhythm
    {
        public long LastUse;
        public double LastStart;
        public int Gaps;
        public double Mean;
        public double Variance;
    }
}
