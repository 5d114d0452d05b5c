using DigitalTwin.Detection.Baselines;
using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// What a twin keeps of its detection in its persisted state: its own behaviour baseline, its alerts (newest last,
/// bounded by <see cref="DetectionOptions.AlertsPerTwin"/>) and counters.
/// </summary>
[GenerateSerializer, Alias("dtn.DetectionState")]
public sealed class DetectionState
{
    [Id(0)] public BaselineState Baseline { get; set; } = new();

    [Id(1)] public List<AnomalyAlert> Alerts { get; set; } = [];

    /// <summary>Alerts the twin ever raised: the number of the latest.</summary>
    [Id(2)] public long AlertsRaised { get; set; }

    [Id(3)] public long WindowsScored { get; set; }

    [Id(4)] public long WindowsFlagged { get; set; }
}
