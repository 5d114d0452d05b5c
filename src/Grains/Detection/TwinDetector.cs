using DigitalTwin.Detection.Baselines;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Detection for one twin, a plain class the twin grain drives and offline evaluation replays: each window is scored
/// against the host's own baseline once it is warm (<see cref="DetectionOptions.WarmUp"/>), before that against its
/// device type's peer baseline, and unscored while neither knows anything. A window no baseline flagged teaches both
/// baselines; a flagged one teaches neither, so an attack is never learnt as normal, however slowly it comes. The
/// score then goes through the alert rules (<see cref="AlertLifecycle"/>).
/// </summary>
public sealed class TwinDetector
{
    private readonly DetectionState _state;
    private readonly PeerBaselines? _peers;
    private readonly WindowScorer _scorer;

    public TwinDetector(DetectionState state, DetectionOptions options, PeerBaselines? peers, WindowScorer scorer)
    {
        _state = state;
        _peers = peers;
        _scorer = scorer;
        Own = new BehaviourBaseline(state.Baseline, new BaselineOptions { WarmUp = options.WarmUp, HalfLife = options.HalfLife });
        Alerts = new AlertLifecycle(state, options);
    }

    public BehaviourBaseline Own { get; }

    public AlertLifecycle Alerts { get; }

    public DetectionOutcome Observe(string twinId, string twinType, ReadOnlySpan<double> values, int schemaVersion, DateTimeOffset start, double seconds, DateTimeOffset now)
    {
        var ownFits = Own.IsWarm && Own.State.SchemaVersion == schemaVersion;
        var score = ownFits
            ? _scorer.Score(values, start, Own, BaselineKind.Own)
            : _peers?.Score(twinType, _scorer, values, schemaVersion, start) ?? WindowScore.Unscored;
        _state.WindowsScored++;
        if (score.Flagged)
        {
            _state.WindowsFlagged++;
            Own.Skip();
        }
        else
        {
            Own.Learn(values, schemaVersion, start, seconds);
            _peers?.Learn(twinType, values, schemaVersion, start, seconds);
        }

        var end = start.AddSeconds(seconds);
        var evidence = score.Flagged ? Evidence(score, values, start) : NoEvidence;
        var changes = Alerts.Observe(
            new AlertObservation(twinId, twinType, start, end, score.Flagged, score.Score, score.Behaviour, BaselineName(score.Baseline), evidence), now);
        return new DetectionOutcome(score, changes);
    }

    private static readonly AlertEvidence NoEvidence = new(default, 0, SuspectedBehaviour.Unclassified, []);

    private static AlertEvidence Evidence(WindowScore score, ReadOnlySpan<double> values, DateTimeOffset start)
    {
        var reasons = new AlertReason[score.Contributions.Count];
        for (var i = 0; i < reasons.Length; i++)
        {
            var c = score.Contributions[i];
            reasons[i] = new AlertReason(c.Name, c.Value, c.Centre, c.Spread, Math.Round(c.Score, 3), c.Above, ReasonText.For(c, values));
        }

        return new AlertEvidence(start, Math.Round(score.Score, 3), score.Behaviour, reasons);
    }

    /// <summary>The wire name of a baseline kind: <c>own</c>, <c>peer</c> or <c>none</c>.</summary>
    public static string BaselineName(BaselineKind kind) => kind switch
    {
        BaselineKind.Own => "own",
        BaselineKind.Peer => "peer",
        _ => "none",
    };
}
