using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Where the alert index keeps every twin's alerts: in memory by default (<see cref="GrainAlertStore"/>, bounded), a
/// database table for durable clusters.
/// </summary>
public interface IAlertStore
{
    /// <summary>Stores alerts, each replacing an older version of the same alert (by <see cref="AnomalyAlert.UpdatedAt"/>).</summary>
    Task UpsertAsync(IReadOnlyList<AnomalyAlert> alerts, CancellationToken cancellationToken);
}
