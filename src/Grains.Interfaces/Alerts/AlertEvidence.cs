namespace DigitalTwin.Grains.Interfaces.Alerts;

/// <summary>One window that raised or kept up an alert: its start, its score, the behaviour it pointed to, and its reasons (largest first).</summary>
[GenerateSerializer, Immutable, Alias("dtn.AlertEvidence")]
public sealed record AlertEvidence(
    [property: Id(0)] DateTimeOffset WindowStart,
    [property: Id(1)] double Score,
    [property: Id(2)] string Behaviour,
    [property: Id(3)] IReadOnlyList<AlertReason> Reasons);
