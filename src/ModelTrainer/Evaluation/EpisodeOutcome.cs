namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>
/// One episode (a device and an onset) and what a detector made of it: the delay, in windows from the onset window,
/// of its first window flagged as anomalous and of its first window given the episode's own class; null when none was.
/// </summary>
public sealed record EpisodeOutcome(int Device, long OnsetSeconds, int Class, int Band, int? DelayAny, int? DelayClass)
{
    public bool DetectedAny => DelayAny is not null;

    public bool DetectedClass => DelayClass is not null;
}
