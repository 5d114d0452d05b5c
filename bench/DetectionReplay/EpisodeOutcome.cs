namespace DigitalTwin.Bench.DetectionReplay;

/// <summary>What the replay saw of one episode: its band, and the first window (counted from its onset) flagged as its class and as anything.</summary>
internal sealed class EpisodeOutcome(string band, DateTimeOffset offset)
{
    public string Band { get; } = band;

    public DateTimeOffset Offset { get; } = offset;

    /// <summary>Windows from the onset to the first window flagged as the episode's class; null while none.</summary>
    public int? RightTypeDelay { get; set; }

    /// <summary>Windows from the onset to the first flagged window of any behaviour; null while none.</summary>
    public int? AnyTypeDelay { get; set; }
}
