using DigitalTwin.Grains.Interfaces.Directory;

namespace DigitalTwin.Grains.Directory;

/// <summary>
/// The index of all twins that answers listings and filters without touching twin grains.
/// In memory by default (<see cref="GrainTwinDirectory"/>); a database implements it for durable clusters.
/// </summary>
public interface ITwinDirectory
{
    /// <summary>Stores entries, each replacing an older version of the same twin; deleted entries are removed.</summary>
    Task UpsertAsync(IReadOnlyList<TwinDirectoryEntry> entries, CancellationToken cancellationToken);

    Task<TwinDirectoryPage> QueryAsync(TwinQuery query, CancellationToken cancellationToken);
}
