using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Every twin's alerts, queryable across the cluster (<c>GET /api/v1/alerts</c>): twins hand each changed alert to
/// it and go on (written behind, never awaited on the ingest path); in memory it keeps a bounded number of the latest
/// alerts, with PostgreSQL a table keeps them all.
/// </summary>
internal interface IAlertIndex
{
    /// <summary>Queues the alert as it now is; a later version of the same alert replaces it.</summary>
    void Enqueue(AnomalyAlert alert);
}
