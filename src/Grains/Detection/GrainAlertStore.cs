using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>The alert store of a cluster without a database: the <see cref="IAlertIndexGrain"/>.</summary>
internal sealed class GrainAlertStore(IGrainFactory grains) : IAlertStore
{
    public Task UpsertAsync(IReadOnlyList<AnomalyAlert> alerts, CancellationToken cancellationToken) =>
        Index().UpsertAsync([.. alerts]);

    public Task<AlertPage> QueryAsync(AlertQuery query, CancellationToken cancellationToken) => Index().QueryAsync(query);

    public Task<AnomalyAlert?> FindAsync(string id, CancellationToken cancellationToken) => Index().FindAsync(id);

    private IAlertIndexGrain Index() => grains.GetGrain<IAlertIndexGrain>(0);
}
