using DigitalTwin.Grains.Interfaces.Directory;

namespace DigitalTwin.Grains.Directory;

/// <summary>The in-memory directory: one <see cref="ITwinDirectoryGrain"/> for the whole cluster.</summary>
internal sealed class GrainTwinDirectory(IGrainFactory grains) : ITwinDirectory
{
    private ITwinDirectoryGrain Grain => grains.GetGrain<ITwinDirectoryGrain>(0);

    public Task UpsertAsync(IReadOnlyList<TwinDirectoryEntry> entries, CancellationToken cancellationToken) =>
        Grain.UpsertAsync([.. entries]);

    public Task<TwinDirectoryPage> QueryAsync(TwinQuery query, CancellationToken cancellationToken) =>
        Grain.QueryAsync(query);
}
