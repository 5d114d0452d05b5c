using DigitalTwin.Detection.Baselines;
using DigitalTwin.Detection.Scoring;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// One device type's peer baseline in one silo: what this silo's twins of the type learnt (its share, sent to the
/// cluster) and the cluster's merge of every silo's share (taken back), which scoring uses once it exists. Twins on many threads
/// use it: this silo's share under the lock, the cluster's merge, never changed once taken, without it.
/// </summary>
internal sealed class PeerGroup(BaselineOptions options)
{
    private readonly Lock _lock = new();
    private readonly BehaviourBaseline _local = new(new BaselineState(), options);
    private BehaviourBaseline? _cluster;
    private DateTimeOffset _latestEnd;

    public void Learn(ReadOnlySpan<double> values, int schemaVersion, DateTimeOffset start, double seconds)
    {
        lock (_lock)
        {
            // A fleet part-way through an upgrade sends two schema versions: the newer keeps the group, and windows of
            // the older are not learnt, since each of them would start the group again (as the cluster's merge keeps
            // the newest version's shares only).
            if (_local.State.Windows > 0 && schemaVersion < _local.State.SchemaVersion)
            {
                return;
            }

            // Many hosts' windows arrive together: what was learnt decays as the group's time moves on, not per window.
            var end = start.AddSeconds(seconds);
            var elapsed = _local.State.Windows == 0 ? 0 : Math.Max(0, (end - _latestEnd).TotalSeconds);
            _latestEnd = end > _latestEnd ? end : _latestEnd;
            _local.Learn(values, schemaVersion, start, seconds, elapsed);
        }
    }

    /// <summary>Scores a window against the group (the cluster's merge, or this silo's share before the first exchange); null when it knows too little.</summary>
    public WindowScore? Score(WindowScorer scorer, ReadOnlySpan<double> values, int schemaVersion, DateTimeOffset start, long minimumWindows)
    {
        // The cluster's merge is never changed once taken, so it is read without the lock; this silo's share is not.
        if (Volatile.Read(ref _cluster) is { } cluster)
        {
            return Usable(cluster, schemaVersion, minimumWindows) ? scorer.Score(values, start, cluster, BaselineKind.Peer) : null;
        }

        lock (_lock)
        {
            return Usable(_local, schemaVersion, minimumWindows) ? scorer.Score(values, start, _local, BaselineKind.Peer) : null;
        }
    }

    /// <summary>Scores a window against a host's own baseline with the group's as a prior of <paramref name="priorWindows"/> windows (none while the group knows too little).</summary>
    public WindowScore ScoreWithPrior(
        WindowScorer scorer, ReadOnlySpan<double> values, int schemaVersion, DateTimeOffset start, BehaviourBaseline own, double priorWindows, long minimumWindows)
    {
        if (Volatile.Read(ref _cluster) is { } cluster)
        {
            var usable = Usable(cluster, schemaVersion, minimumWindows);
            return scorer.Score(values, start, own, BaselineKind.Own, usable ? cluster : null, usable ? priorWindows : 0);
        }

        lock (_lock)
        {
            var usable = Usable(_local, schemaVersion, minimumWindows);
            return scorer.Score(values, start, own, BaselineKind.Own, usable ? _local : null, usable ? priorWindows : 0);
        }
    }

    /// <summary>A copy of this silo's share, to send; null before it learnt anything.</summary>
    public BaselineState? Snapshot()
    {
        lock (_lock)
        {
            return _local.State.Windows == 0 ? null : _local.State.Copy();
        }
    }

    public void TakeCluster(BaselineState merged)
    {
        Volatile.Write(ref _cluster, new BehaviourBaseline(merged, options));
    }

    private static bool Usable(BehaviourBaseline baseline, int schemaVersion, long minimumWindows) =>
        baseline.State.Windows >= minimumWindows && baseline.State.SchemaVersion == schemaVersion;

    /// <summary>A copy of the baseline scoring uses now.</summary>
    public BaselineState View()
    {
        lock (_lock)
        {
            return (_cluster ?? _local).State.Copy();
        }
    }
}
