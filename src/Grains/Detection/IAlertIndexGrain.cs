using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>The in-memory alert index of a cluster without a database: one grain, written in batches by each silo's <see cref="AlertIndexWriter"/>.</summary>
internal interface IAlertIndexGrain : IGrainWithIntegerKey
{
    Task UpsertAsync(AnomalyAlert[] alerts);

    /// <summary>One page of the matching alerts; an unusable cursor throws <see cref="ArgumentException"/>.</summary>
    Task<AlertPage> QueryAsync(AlertQuery query);

    Task<AnomalyAlert?> FindAsync(string id);
}
