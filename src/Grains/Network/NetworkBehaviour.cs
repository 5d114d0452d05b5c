using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Statistics;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Grains.Network;

/// <summary>
/// The rules of a twin's network behaviour: windows arrive in order of start time (an earlier one is refused, a
/// repeated start ignored), each accepted window updates the running statistics in <see cref="TwinState"/> and
/// joins the most recent ones. The recent windows live here, not in the persisted state, so a snapshot of the
/// twin stays small whatever <see cref="NetworkOptions.RecentWindows"/> is.
/// The statistics summarise windows of one feature schema version only: the same feature name means different
/// numbers in two versions, so a window of another version makes them start again from that window. The recent
/// windows keep whichever version each came with; the view shows it. Every window taken is first brought to the
/// catalogue's shape (<see cref="FeatureValues.ForVersion"/>): a window written when the catalogue was shorter (32
/// features in a parked state, the window table or a call from an older silo) grows with NaN.
/// </summary>
internal sealed class NetworkBehaviour
{
    private readonly TwinState _state;
    private readonly int _capacity;

    // Made with the first window: most twins never get one, and these (a queue sized for the recent windows, six
    // arrays of one slot per feature, also written with every snapshot) were the largest part of an idle twin.
    private Queue<NetworkWindowRecord>? _recent;
    private RunningStatistics? _statistics;

    public NetworkBehaviour(TwinState state, int capacity)
    {
        _state = state;
        _capacity = capacity;
        if (_state.NetworkStatistics is not { } statistics)
        {
            return;
        }

        if (statistics.SchemaVersion == 0 && statistics.Windows == 0 && _state.NetworkWindowsAccepted == 0 && !(statistics.Counts?.Any(c => c != 0) ?? false))
        {
            // Written by an activation that made the statistics before its first window (as this class once did for
            // every twin): nothing in them.
            _state.NetworkStatistics = null;
            return;
        }

        if (statistics.SchemaVersion == 0 && _state.NetworkWindowsAccepted > 0)
        {
            // Statistics written before versions were kept: they hold every accepted window, all of schema 1.
            statistics.SchemaVersion = 1;
            statistics.Windows = _state.NetworkWindowsAccepted;
        }

        _statistics = new RunningStatistics(statistics.Share(FeatureCatalog.Count));
    }

    /// <summary>The recent windows, oldest first.</summary>
    public IReadOnlyCollection<NetworkWindowRecord> Recent => (IReadOnlyCollection<NetworkWindowRecord>?)_recent ?? [];

    /// <summary>Decides on a window without taking it; a refused or repeated window is counted.</summary>
    public NetworkWindowCheck Check(NetworkWindowRecord window)
    {
        if (_state.LatestNetworkWindowStart is not { } latest || window.Start > latest)
        {
            return NetworkWindowCheck.Accepted;
        }

        if (window.Start == latest)
        {
            _state.NetworkWindowsDuplicate++;
            return NetworkWindowCheck.Duplicate;
        }

        _state.NetworkWindowsOutOfOrder++;
        return NetworkWindowCheck.OutOfOrder;
    }

    /// <summary>
    /// Takes a window <see cref="Check"/> accepted. Returns the schema version the statistics held before when the
    /// window's version differs from it, so they started again (counted); otherwise null.
    /// </summary>
    public int? Apply(NetworkWindowRecord window)
    {
        window = Shaped(window);
        var statistics = _state.NetworkStatistics ??= new NetworkStatisticsState();
        _statistics ??= new RunningStatistics(statistics.Share(FeatureCatalog.Count));
        int? replaced = null;
        if (statistics.SchemaVersion != window.SchemaVersion)
        {
            if (statistics.SchemaVersion != 0)
            {
                replaced = statistics.SchemaVersion;
                _statistics.Reset();
                statistics.Windows = 0;
                _state.NetworkSchemaChanges++;
            }

            statistics.SchemaVersion = window.SchemaVersion;
        }

        _statistics.Add(window.Values);
        statistics.Windows++;
        _state.LatestNetworkWindowStart = window.Start;
        _state.NetworkWindowsAccepted++;
        Remember(window);
        return replaced;
    }

    /// <summary>
    /// Takes back the windows a new activation finds (oldest first): all of them become recent again, and those
    /// after the latest one the state knows of (accepted after its last snapshot) are applied, under the same rule
    /// of schema versions as new ones. Returns how many.
    /// </summary>
    public int Restore(IEnumerable<NetworkWindowRecord> windows)
    {
        var replayed = 0;
        foreach (var window in windows)
        {
            if (_state.LatestNetworkWindowStart is { } latest && window.Start <= latest)
            {
                Remember(window);
                continue;
            }

            Apply(window);
            replayed++;
        }

        return replayed;
    }

    public NetworkBehaviourView View(NetworkWindowQuery query)
    {
        var all = _recent?.ToArray() ?? [];
        var windows = new List<NetworkWindowRecord>(Math.Min(query.Limit, all.Length));
        for (var i = all.Length - 1; i >= 0 && windows.Count < query.Limit; i--)
        {
            var start = all[i].Start;
            if ((query.From is null || start >= query.From) && (query.To is null || start <= query.To))
            {
                windows.Add(all[i]);
            }
        }

        return new NetworkBehaviourView(
            _state.Type,
            [.. windows],
            Statistics(),
            _state.NetworkWindowsAccepted,
            _state.NetworkWindowsOutOfOrder,
            _state.NetworkWindowsDuplicate,
            _state.LatestNetworkWindowStart,
            _state.NetworkSchemaChanges)
        {
            Source = _state.NetworkSource,
            WindowsSourceConflicts = _state.NetworkWindowsSourceConflicts,
        };
    }

    private NetworkFeatureStatistics Statistics()
    {
        var count = FeatureCatalog.Count;

        // Before the first window: what empty statistics say, made for the view only.
        var running = _statistics ?? new RunningStatistics(new NetworkStatisticsState().Share(count));
        var (counts, means, stds, minimums, maximums, weighted) =
            (new long[count], new double[count], new double[count], new double[count], new double[count], new double[count]);
        for (var i = 0; i < count; i++)
        {
            var summary = running.Summarise(i);
            (counts[i], means[i], stds[i], minimums[i], maximums[i], weighted[i]) =
                (summary.Count, summary.Mean, summary.Std, summary.Min, summary.Max, summary.WeightedMean);
        }

        return new NetworkFeatureStatistics(
            counts, means, stds, minimums, maximums, weighted, _state.NetworkStatistics?.SchemaVersion ?? 0, _state.NetworkStatistics?.Windows ?? 0);
    }

    private static NetworkWindowRecord Shaped(NetworkWindowRecord window)
    {
        var values = FeatureValues.ForVersion(window.Values, window.SchemaVersion);
        return ReferenceEquals(values, window.Values) ? window : window with { Values = values };
    }

    private void Remember(NetworkWindowRecord window)
    {
        _recent ??= new Queue<NetworkWindowRecord>(Math.Min(_capacity, 1024));
        _recent.Enqueue(Shaped(window));
        while (_recent.Count > _capacity)
        {
            _recent.Dequeue();
        }
    }
}
