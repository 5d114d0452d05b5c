using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Where the alert index keeps every twin's alerts: in memory by default (<see cref="GrainAlertStore"/>, bounded), a
/// PostgreSQL table for durable clusters (it keeps every alert). Both answer queries with <see cref="AlertSearch"/>'s rules.
/// </summary>
public interface IAlertStore
{
    /// <summary>Stores alerts, each replacing an older version of the same alert (by <see cref="AnomalyAlert.UpdatedAt"/>).</summary>
    Task UpsertAsync(IReadOnlyList<AnomalyAlert> alerts, CancellationToken cancellationToken);

    /// <summary>One page of the alerts matching <paramref name="query"/>; an unusable cursor throws <see cref="ArgumentException"/>.</summary>
    Task<AlertPage> QueryAsync(AlertQuery query, CancellationToken cancellationToken);

    /// <summary>The alert of that id (<c>{twin id}:{number}</c>) as last stored; null when the index holds none.</summary>
    Task<AnomalyAlert?> FindAsync(string id, CancellationToken cancellationToken);
}
