using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>A scored window as the alert rules take it: whose, when, how anomalous, what it points to, and its evidence.</summary>
public sealed record AlertObservation(
    string TwinId,
    string TwinType,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool Flagged,
    double Score,
    string Behaviour,
    string Baseline,
    AlertEvidence Evidence);
