using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// A scored window as the alert rules take it: whose, when, how anomalous, what it points to, and its evidence.
/// A flagged window that <see cref="Raises"/> nothing (not confirmed yet) still updates the alerts already active.
/// </summary>
public sealed record AlertObservation(
    string TwinId,
    string TwinType,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool Flagged,
    double Score,
    string Behaviour,
    string Baseline,
    AlertEvidence Evidence)
{
    /// <summary>Whether a flagged window raises a new alert when no active one of its type takes it.</summary>
    public bool Raises { get; init; } = true;
}
