using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>The alert store of a cluster without a database: the <see cref="IAlertIndexGrain"/>.</summary>
internal sealed class GrainAlertStore(IGrainFactory grains) : IAlertStore
{
    public Task UpsertAsync(IReadOnlyList<AnomalyAlert> alerts, CancellationToken cancellationToken) =>
        grains.GetGrain<IAlertIndexGrain>(0).UpsertAsync([.. alerts]);
}
