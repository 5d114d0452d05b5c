using System.Collections.Concurrent;
using DigitalTwin.Detection.Baselines;
using DigitalTwin.Detection.Scoring;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// The peer baselines of this silo, one per device type: twins of a type that are still warming up are scored
/// against them, and every window no baseline flagged teaches them. Each silo learns its own share and exchanges it
/// for the cluster's merge every <see cref="DetectionOptions.PeerExchangeInterval"/> (<see cref="PeerBaselineExchange"/>),
/// so no grain is called per window. Hosts a probe observes share their type too (<c>network_host</c>, or the map's
/// type): a coarse group, but a scan or a flood stands out from it from the first window.
/// </summary>
public sealed class PeerBaselines(IOptions<DetectionOptions> options)
{
    /// <summary>Windows a peer group needs before it judges anyone: half an hour of one host.</summary>
    public const long MinimumWindows = 180;

    private readonly ConcurrentDictionary<string, PeerGroup> _groups = new(StringComparer.Ordinal);
    private readonly BaselineOptions _baseline = new() { WarmUp = options.Value.WarmUp, HalfLife = options.Value.HalfLife };

    public IEnumerable<string> Types => _groups.Keys;

    public void Learn(string type, ReadOnlySpan<double> values, int schemaVersion, DateTimeOffset start, double seconds) =>
        Group(type).Learn(values, schemaVersion, start, seconds);

    public WindowScore? Score(string type, WindowScorer scorer, ReadOnlySpan<double> values, int schemaVersion, DateTimeOffset start) =>
        _groups.TryGetValue(type, out var group) ? group.Score(scorer, values, schemaVersion, start, MinimumWindows) : null;

    /// <summary>Scores a window against a warm host's own baseline, its type's peer baseline joining as a prior of <see cref="DetectionOptions.PeerPriorWindows"/> windows.</summary>
    public WindowScore ScoreOwn(string type, WindowScorer scorer, ReadOnlySpan<double> values, int schemaVersion, DateTimeOffset start, BehaviourBaseline own) =>
        _groups.TryGetValue(type, out var group)
            ? group.ScoreWithPrior(scorer, values, schemaVersion, start, own, options.Value.PeerPriorWindows, MinimumWindows)
            : scorer.Score(values, start, own, BaselineKind.Own);

    internal BaselineState? Snapshot(string type) => _groups.TryGetValue(type, out var group) ? group.Snapshot() : null;

    internal void TakeCluster(string type, BaselineState merged) => Group(type).TakeCluster(merged);

    /// <summary>A copy of the baseline a type's cold twins are scored against now, or null when the type has none.</summary>
    public BaselineState? View(string type) => _groups.TryGetValue(type, out var group) ? group.View() : null;

    private PeerGroup Group(string type) => _groups.GetOrAdd(type, _ => new PeerGroup(_baseline));
}
