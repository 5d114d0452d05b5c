namespace DigitalTwin.Grains.Interfaces.Alerts;

/// <summary>
/// One window that raised or kept up an alert: its start, its score, the behaviour it pointed to, its reasons (largest
/// first), the persistent deviation that flagged it when its own score did not, and, when a trained model serves, the
/// class it found most likely and with what probability.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.AlertEvidence")]
public sealed record AlertEvidence(
    [property: Id(0)] DateTimeOffset WindowStart,
    [property: Id(1)] double Score,
    [property: Id(2)] string Behaviour,
    [property: Id(3)] IReadOnlyList<AlertReason> Reasons)
{
    [Id(4)] public string? ModelClass { get; init; }

    [Id(5)] public double? ModelProbability { get; init; }

    /// <summary>The host's persistent deviation when that, not the window's own score, flagged the window.</summary>
    [Id(6)] public double? Persistence { get; init; }
}
