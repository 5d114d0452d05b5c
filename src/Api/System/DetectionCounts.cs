using DigitalTwin.Grains.Detection;

namespace DigitalTwin.Api.System;

/// <summary>
/// Detection on the silo that answered (the <c>DigitalTwin.Detection</c> meter): network windows scored and flagged
/// anomalous, and anomaly alerts raised, escalated to critical, acknowledged and cleared (by normal traffic, by hand
/// or by a lifecycle change).
/// </summary>
internal sealed record DetectionCounts(long WindowsScored, long WindowsFlagged, long AlertsRaised, long AlertsEscalated, long AlertsAcknowledged, long AlertsCleared)
{
    /// <summary>This silo's trained model (<c>Detection:ModelPath</c>): whether one serves, what it was trained on, and the last refusal.</summary>
    public DetectionModelStatus? Model { get; init; }
}
