namespace DigitalTwin.Grains.Detection;

/// <summary>
/// How twins detect anomalous network behaviour: their baselines, the scoring of each window and the alerts it
/// raises. Bound from the <c>Detection</c> configuration section; docs/detection.md explains each setting.
/// </summary>
public sealed class DetectionOptions
{
    public const string SectionName = "Detection";

    /// <summary>Whether twins score their network windows and raise alerts at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Traffic a host's own baseline needs before it is judged by it; until then its device type's peer baseline serves.</summary>
    public TimeSpan WarmUp { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Half-life of what a baseline has learnt, in traffic learnt (time without learnt windows ages nothing).</summary>
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Score from which a window is anomalous: it raises or updates an alert and is kept out of the baselines.</summary>
    public double FlagScore { get; set; } = 10;

    /// <summary>
    /// Score from which a window is suspect: not learnt at once but after <see cref="Probation"/>, and only if no
    /// flagged window followed it by then.
    /// </summary>
    public double SuspectScore { get; set; } = 2;

    /// <summary>How long a suspect window waits before it is learnt (at most <see cref="TwinDetector.MaxProbationWindows"/> wait).</summary>
    public TimeSpan Probation { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Score from which an alert is critical rather than a warning.</summary>
    public double CriticalScore { get; set; } = 30;

    /// <summary>
    /// Flagged windows, within the last <see cref="ConfirmSpan"/>, that raise a new alert. One benign oddity (a reboot's
    /// burst, a stale name) flags one window; an attack keeps going. A window the model names with
    /// <see cref="ModelConfidence"/> raises at once, and without a model one scored <see cref="CriticalScore"/>.
    /// 1 raises on every flagged window.
    /// </summary>
    public int ConfirmWindows { get; set; } = 2;

    /// <summary>The windows, the latest included, in which <see cref="ConfirmWindows"/> flagged ones raise an alert.</summary>
    public int ConfirmSpan { get; set; } = 6;

    /// <summary>
    /// What each window may score before it adds to its host's persistent deviation: a CUSUM of window scores above
    /// this allowance (windows below it take it back down) flags a suspect window once it reaches
    /// <see cref="PersistenceLimit"/>, so a deviation no single window flags (a slow DNS tunnel, a brute force spread
    /// over minutes) is alerted when it lasts. At most <see cref="SuspectScore"/>: a window that adds nothing is not
    /// suspect of anything that lasts.
    /// </summary>
    public double PersistenceAllowance { get; set; } = 2;

    /// <summary>
    /// The persistent deviation (the sum of window scores above <see cref="PersistenceAllowance"/>) from which suspect
    /// windows are flagged; the sum never grows past it, so a long deviation is forgotten as fast as a short one.
    /// </summary>
    public double PersistenceLimit { get; set; } = 10;

    /// <summary>Consecutive normal windows that clear an active alert by themselves (30 is five minutes of 10-second windows).</summary>
    public int AutoClearWindows { get; set; } = 30;

    /// <summary>
    /// Alerts a twin keeps, newest first; older ones stay in the alert index (PostgreSQL keeps them all). Only cleared
    /// alerts are dropped, so a twin may hold more while more are active (at most one per behaviour).
    /// </summary>
    public int AlertsPerTwin { get; set; } = 100;

    /// <summary>Windows' evidence an alert keeps: the first few that raised it and the latest.</summary>
    public int EvidencePerAlert { get; set; } = 10;

    /// <summary>
    /// Windows' worth of its peers' behaviour added to a warm host's own baseline when scoring: values its peers show are
    /// not unheard of for a host that has not lived through them yet (its first busy morning); the host's own history
    /// outweighs them as it grows (a week holds about 87,000 windows).
    /// </summary>
    public double PeerPriorWindows { get; set; } = 360;

    /// <summary>
    /// A trained model file (<c>.dtnmodel</c>, from <c>ModelTrainer train</c>) twins score with next to their
    /// baselines; none by default. Loaded again when the file changes; a bad file is refused and the previous model
    /// keeps serving.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>How often the model file is checked for a change.</summary>
    public TimeSpan ModelCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The model's probability of an anomaly class from which it flags a window by itself; from 0.5 it names the
    /// behaviour of a window the baseline flagged.
    /// </summary>
    public double ModelConfidence { get; set; } = 0.9;

    /// <summary>How often each silo sends its share of the peer baselines and takes back the cluster's merge.</summary>
    public TimeSpan PeerExchangeInterval { get; set; } = TimeSpan.FromSeconds(30);
}
