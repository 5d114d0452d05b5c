using DigitalTwin.Detection.Baselines;
using DigitalTwin.Detection.Models;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Detection for one twin, a plain class the twin grain drives and offline evaluation replays: each window is scored
/// against the host's own baseline once it is warm (<see cref="DetectionOptions.WarmUp"/>), with its device type's
/// peer baseline as a prior, before that against the peer baseline alone, and unscored while neither knows anything.
/// A window scored below <see cref="DetectionOptions.SuspectScore"/> teaches both baselines at once. A flagged window
/// (<see cref="DetectionOptions.FlagScore"/>) teaches neither, nor do the suspect windows before it. A suspect window
/// in between waits out <see cref="DetectionOptions.Probation"/>: learnt by the host's own baseline (never its peers') if
/// no flagged window follows, so a benign
/// novelty (a new name, a reconnect) becomes normal instead of anomalous forever, while an attack's ramp is never
/// learnt. The score then goes through the alert rules (<see cref="AlertLifecycle"/>); a flagged window raises a new
/// alert once confirmed (<see cref="DetectionOptions.ConfirmWindows"/>).
/// </summary>
public sealed class TwinDetector
{
    /// <summary>
    /// Most suspect windows waiting out their probation, whatever its length and the windows': an hour of 1-second
    /// windows (about 2 MB of values). Beyond it the oldest go unlearnt.
    /// </summary>
    public const int MaxProbationWindows = 3_600;

    /// <summary>
    /// The history a host has before a model judges its windows: the simulator runs each device an hour unseen before
    /// its first window, so a model never learnt a host's first hour (its power-on check-ins, every name new). Live, a
    /// model took smart lights' first lookups of their cloud names for DNS tunnels (0.92-0.99, bench/LiveDetection).
    /// </summary>
    public static readonly TimeSpan ModelHistory = TimeSpan.FromHours(1);

    /// <summary>The longest <see cref="DetectionOptions.ConfirmSpan"/>: the recent windows' flags are bits of one word.</summary>
    public const int MaximumConfirmSpan = 32;

    /// <summary>The class a trained model gives a normal window.</summary>
    private const string NormalClass = "normal";

    private readonly DetectionState _state;
    private readonly DetectionOptions _options;
    private readonly DetectionModelHost? _models;

    // Short-lived: windows waiting out their probation are not persisted (a deactivation forgets them unlearnt).
    private readonly Queue<ProbationWindow> _probation = new();
    private readonly PeerBaselines? _peers;
    private readonly WindowScorer _scorer;

    // Short-lived like the probation: which of the latest windows were flagged (bit 0 the latest), and the flagged
    // window that waits for a second to raise its alert.
    private uint _recentFlags;
    private AlertObservation? _unconfirmed;
    private int _unconfirmedAge;

    // Short-lived too: the host's persistent deviation (a CUSUM of its window scores above the allowance), how much of
    // it each behaviour's windows brought while it is above 0, and the behaviour its windows are named after once it
    // reached the limit (kept until it is back at 0, so one deviation raises one alert).
    private double _persistence;
    private readonly Dictionary<string, double> _persistentBehaviours = new(StringComparer.Ordinal);
    private string? _persistentBehaviour;

    public TwinDetector(DetectionState state, DetectionOptions options, PeerBaselines? peers, WindowScorer scorer, DetectionModelHost? models = null)
    {
        _models = models;
        _state = state;
        _options = options;
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
            ? _peers?.ScoreOwn(twinType, _scorer, values, schemaVersion, start, Own) ?? _scorer.Score(values, start, Own, BaselineKind.Own)
            : _peers?.Score(twinType, _scorer, values, schemaVersion, start) ?? WindowScore.Unscored;
        var modelJudges = false;
        if (_models?.Current is { } model && model.Manifest.FeatureSchemaVersion == schemaVersion)
        {
            // The window is already durable and applied: a model that fails leaves it to the baseline, never fails it.
            try
            {
                modelJudges = model.Manifest.Normalisation.DeviceTypes.ContainsKey(twinType) && _state.WindowsScored * seconds >= ModelHistory.TotalSeconds;
                score = WithModel(score, model.Predict(values, twinType), modelJudges);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _models.PredictionFailed(ex);
            }
        }

        score = Persist(score, modelJudges);
        _state.WindowsScored++;
        // Suspect windows that no anomalous window followed within the probation are normal after all, for this host:
        // its peers never learn them, so one host's slow attack cannot become its whole type's normal. They are learnt
        // before this window takes a place: a full probation would otherwise drop the oldest just as it was due.
        while (_probation.TryPeek(out var waiting) && waiting.Start + _options.Probation <= start)
        {
            _probation.Dequeue();

            // A window of an older schema version than the baseline's (the device was upgraded while it waited) would
            // start the baseline again, throwing away what the new version taught it: it is dropped.
            if (Own.State.Windows == 0 || waiting.SchemaVersion >= Own.State.SchemaVersion)
            {
                Own.Learn(waiting.Values, waiting.SchemaVersion, waiting.Start, waiting.Seconds);
            }
        }

        if (score.Flagged)
        {
            _state.WindowsFlagged++;
        }

        if (score.Flagged && score.Persistence == 0)
        {
            // The suspect windows before an anomalous one were its start (a ramp, a slow first phase): never learnt.
            Own.Skip();
            while (_probation.TryDequeue(out _))
            {
                Own.Skip();
            }
        }
        else if (score.Score >= _options.SuspectScore)
        {
            // A window flagged for its host's persistent deviation waits out its probation like any suspect one: a
            // lasting benign change (a new cloud service, a firmware's chattier resolver) is alerted once and then
            // learnt, where a flag of its own would keep it out of the baseline, and alerted, for good.
            while (_probation.Count >= ProbationCapacity(seconds))
            {
                _probation.Dequeue();
                Own.Skip();
            }

            _probation.Enqueue(new ProbationWindow(values.ToArray(), schemaVersion, start, seconds));
        }
        else
        {
            Learn(twinType, values, schemaVersion, start, seconds);
        }

        var end = start.AddSeconds(seconds);
        var evidence = score.Flagged ? Evidence(score, values, start) : NoEvidence;
        var window = new AlertObservation(twinId, twinType, start, end, score.Flagged, score.Score, score.Behaviour, BaselineName(score.Baseline), evidence)
        {
            Raises = Confirmed(score, modelJudges),
        };
        if (_unconfirmed is not null && ++_unconfirmedAge >= _options.ConfirmSpan)
        {
            _unconfirmed = null;
        }

        if (!window.Flagged)
        {
            return new DetectionOutcome(score, Alerts.Observe(window, now));
        }

        // A window an active alert of its type takes waits for nothing.
        var active = IsActive(window.Behaviour);
        var promoted = window.Raises && !active && _unconfirmed is { } first && first.Behaviour == window.Behaviour ? first : null;
        (_unconfirmed, _unconfirmedAge) = (window.Raises || active ? null : window, 0);
        if (promoted is null)
        {
            return new DetectionOutcome(score, Alerts.Observe(window, now));
        }

        // The alert starts where the behaviour did: at the flagged window that waited for this one.
        var changes = Alerts.Observe(promoted with { Raises = true }, now);
        changes.AddRange(Alerts.Observe(window, now));
        return new DetectionOutcome(score, changes);
    }

    /// <summary>
    /// Adds a window that did not flag by itself to its host's persistent deviation, a CUSUM: its score above
    /// <see cref="DetectionOptions.PersistenceAllowance"/> adds up, a window scored below the allowance takes the
    /// difference back, and the sum stays between 0 and <see cref="DetectionOptions.PersistenceLimit"/>. A suspect
    /// window that takes it to the limit is flagged, named after the behaviour the deviation's windows brought most of
    /// when it first got there. Thirty windows of a slow DNS tunnel scored 3-4 each, a brute force's 5: no window flags,
    /// the deviation does. Held at the limit, a deviation however long is forgotten within a few normal windows, so
    /// one suspect window after an attack raises nothing. A window the model judges and finds normal with confidence
    /// adds nothing (it has seen the benign look-alikes that last: a nightly upload), and flagged windows are the
    /// confirmation rules' (they leave the sum as it is). Only windows judged by the host's own baseline count, and any
    /// other starts the sum again: a cold host judged by its peers differs from them for as long as it is itself (in
    /// the replay of the evaluation scenario, a gateway unlike its peers in its first hour raised two alerts), and a
    /// baseline started again (a new feature schema) has not seen the windows that built the sum.
    /// </summary>
    private WindowScore Persist(WindowScore score, bool modelJudges)
    {
        if (score.Baseline != BaselineKind.Own)
        {
            ForgetPersistence();
            return score;
        }

        if (score.Flagged)
        {
            return score;
        }

        var clearedByModel = modelJudges && score.Model is { Class: NormalClass } verdict && verdict.Probability >= _options.ModelConfidence;
        var evidence = clearedByModel ? 0 : score.Score;
        var sum = Math.Max(0, _persistence + evidence - _options.PersistenceAllowance);
        _persistence = Math.Min(sum, _options.PersistenceLimit);
        if (_persistence == 0)
        {
            ForgetPersistence();
            return score;
        }

        if (evidence < _options.SuspectScore)
        {
            return score;
        }

        _persistentBehaviours[score.Behaviour] = _persistentBehaviours.GetValueOrDefault(score.Behaviour) + evidence - _options.PersistenceAllowance;
        if (sum < _options.PersistenceLimit)
        {
            return score;
        }

        _persistentBehaviour ??= PersistentBehaviour();
        return score with { Flagged = true, Behaviour = _persistentBehaviour, Persistence = sum };
    }

    private void ForgetPersistence()
    {
        _persistence = 0;
        _persistentBehaviours.Clear();
        _persistentBehaviour = null;
    }

    /// <summary>The behaviour that brought most of the persistent deviation; a known one before <c>unclassified</c> on a tie.</summary>
    private string PersistentBehaviour()
    {
        var behaviour = SuspectedBehaviour.Unclassified;
        var most = 0.0;
        foreach (var (name, share) in _persistentBehaviours)
        {
            if (share > most || (share == most && behaviour == SuspectedBehaviour.Unclassified))
            {
                (behaviour, most) = (name, share);
            }
        }

        return behaviour;
    }

    /// <summary>Whether an alert of <paramref name="behaviour"/> is active: a flagged window of that type updates it instead of waiting.</summary>
    public bool IsActive(string behaviour)
    {
        foreach (var alert in Alerts.Alerts)
        {
            if (alert.Status == AlertStatus.Active && alert.Type == behaviour)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a flagged window raises an alert now: a confident model (without one, or for a type it was not trained
    /// on, a critical score) says so at once; otherwise it
    /// needs <see cref="DetectionOptions.ConfirmWindows"/> flagged windows among the last <see cref="DetectionOptions.ConfirmSpan"/>.
    /// </summary>
    private bool Confirmed(WindowScore score, bool modelJudges)
    {
        _recentFlags = (_recentFlags << 1) | (score.Flagged ? 1u : 0u);
        if (!score.Flagged)
        {
            return false;
        }

        var span = _options.ConfirmSpan >= MaximumConfirmSpan ? uint.MaxValue : (1u << _options.ConfirmSpan) - 1;
        // With a model, its confidence decides what raises at once: it has seen the benign look-alikes (a nightly upload
        // scores critical against a host's first day) and a critical window it is unsure of waits like any other.
        var raisesAtOnce = modelJudges
            ? score.Model is { } model && model.Class != NormalClass && model.Probability >= _options.ModelConfidence
            : score.Score >= _options.CriticalScore;

        // A persistent deviation has been confirmed by the windows that built it.
        return raisesAtOnce
            || score.Persistence > 0
            || System.Numerics.BitOperations.PopCount(_recentFlags & span) >= _options.ConfirmWindows;
    }

    /// <summary>
    /// The baseline's verdict with the model's beside it: the model flags a window by itself when it names an anomaly
    /// class with at least <see cref="DetectionOptions.ModelConfidence"/>, and overrules the baseline's flag when it
    /// finds the window normal with that confidence (it has seen the benign look-alikes the host has not: a reboot, a
    /// stale name); from a probability of 0.5 it names the behaviour (it learnt the classes; the baseline's signatures
    /// only guess them). A device type the model was not trained on (a probe's <c>network_host</c>), and a host's first
    /// <see cref="ModelHistory"/>, it only names: it judges such hosts against the average device, and took real
    /// browsers' bursts of short connections for brute forces (21% of their windows in bench/CaptureDetection).
    /// </summary>
    private WindowScore WithModel(WindowScore score, WindowPrediction prediction, bool trainedOnType)
    {
        var probability = prediction.PredictedProbability;
        var anomalyClass = prediction.PredictedClass != NormalClass;
        var confident = trainedOnType && probability >= _options.ModelConfidence;
        var behaviour = anomalyClass && probability >= 0.5 && SuspectedBehaviour.IsKnown(prediction.PredictedClass) ? prediction.PredictedClass : score.Behaviour;
        return score with
        {
            Flagged = anomalyClass ? score.Flagged || confident : score.Flagged && !confident,
            Behaviour = behaviour,
            Model = new ModelVerdict(prediction.PredictedClass, probability, prediction.AnomalyScore),
        };
    }

    /// <summary>Suspect windows of <paramref name="seconds"/> that fit in the probation, at least 1 and at most <see cref="MaxProbationWindows"/>.</summary>
    private int ProbationCapacity(double seconds) =>
        (int)Math.Clamp(Math.Ceiling(_options.Probation.TotalSeconds / Math.Max(seconds, 1)), 1, MaxProbationWindows);

    private void Learn(string twinType, ReadOnlySpan<double> values, int schemaVersion, DateTimeOffset start, double seconds)
    {
        Own.Learn(values, schemaVersion, start, seconds);
        _peers?.Learn(twinType, values, schemaVersion, start, seconds);
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

        return new AlertEvidence(start, Math.Round(score.Score, 3), score.Behaviour, reasons)
        {
            ModelClass = score.Model?.Class,
            ModelProbability = score.Model is { } model ? Math.Round(model.Probability, 3) : null,
            Persistence = score.Persistence > 0 ? Math.Round(score.Persistence, 3) : null,
        };
    }

    /// <summary>The wire name of a baseline kind: <c>own</c>, <c>peer</c> or <c>none</c>.</summary>
    public static string BaselineName(BaselineKind kind) => kind switch
    {
        BaselineKind.Own => "own",
        BaselineKind.Peer => "peer",
        _ => "none",
    };
}
