using DigitalTwin.Grains.Interfaces.Directory;

namespace DigitalTwin.Grains.Directory;

/// <summary>
/// The index of all twins that answers listings and filters without touching twin grains.
/// In memory by default (<see cref="GrainTwinDirectory"/>); a database implements it for durable clusters.
/// </summary>
public interface ITwinDirectory
{
    /// <summary>
    /// Stores entries, each replacing a lower version of the same twin. A deleted entry stays as a
    /// tombstone that no listing shows, so an older entry still in flight cannot bring the twin back.
    /// </summary>
    Task UpsertAsync(IReadOnlyList<TwinDirectoryEntry> entries, CancellationToken cancellationToken);

    /// <summary>One page of the twins matching <paramref name="query"/>; an unusable cursor throws <see cref="ArgumentException"/>.</summary>
    Task<TwinDirectoryPage> QueryAsync(TwinQuery query, CancellationToken cancellationToken);
}
