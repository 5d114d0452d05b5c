namespace DigitalTwin.Grains.Interfaces.Directory;

/// <summary>
/// The in-memory twin directory: one activation for the cluster that holds every twin's entry.
/// Twins never call it directly; each silo's directory writer sends it coalesced batches.
/// </summary>
public interface ITwinDirectoryGrain : IGrainWithIntegerKey
{
    Task UpsertAsync(TwinDirectoryEntry[] entries);

    Task<TwinDirectoryPage> QueryAsync(TwinQuery query);
}
