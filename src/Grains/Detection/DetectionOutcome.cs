using DigitalTwin.Detection.Scoring;

namespace DigitalTwin.Grains.Detection;

/// <summary>What detection made of one window: its score and the alert changes to announce.</summary>
public sealed record DetectionOutcome(WindowScore Score, IReadOnlyList<AlertChange> Changes);
