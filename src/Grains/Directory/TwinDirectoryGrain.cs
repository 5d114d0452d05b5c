using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Interfaces.Directory;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Directory;

/// <summary>
/// Holds every twin's directory entry in memory, ordered by id. It is lost with the silo that hosts it,
/// like the in-memory twins themselves; kept alive, because an idle collection would empty every
/// listing until each twin changed again.
/// </summary>
[KeepAlive]
internal sealed class TwinDirectoryGrain(IOptions<TwinOptions> options, TimeProvider clock) : Grain, ITwinDirectoryGrain
{
    private readonly SortedDictionary<string, TwinDirectoryEntry> _entries = new(StringComparer.Ordinal);

    public Task UpsertAsync(TwinDirectoryEntry[] entries)
    {
        foreach (var entry in entries)
        {
            if (_entries.TryGetValue(entry.Id, out var current) && current.Version > entry.Version)
            {
                continue;
            }

            // A deleted twin's entry stays as a tombstone, so an older entry still in flight cannot revive it.
            _entries[entry.Id] = entry;
        }

        return Task.CompletedTask;
    }

    public Task<TwinDirectoryPage> QueryAsync(TwinQuery query) =>
        Task.FromResult(TwinDirectorySearch.Run(_entries.Values, query, clock.GetUtcNow(), options.Value.InactivityTimeout));
}
