using System.Runtime.CompilerServices;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Network;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Network;

/// <summary>
/// In-memory mode: the history is each twin's recent windows (<c>Network:RecentWindows</c>). An export pages
/// through the twin directory, never a list of grains, and asks the twins of each page for their windows in
/// the range, a page at a time; the same walk finds the schema versions an export would mix.
/// </summary>
internal sealed class TwinMemoryNetworkWindowHistory(IGrainFactory grains, ITwinDirectory directory, IOptions<NetworkOptions> options) : INetworkWindowHistory
{
    private const int PageSize = 100;

    public bool IsDurable => false;

    public Task AppendAsync(ObservedNetworkWindow window, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<ObservedNetworkWindow>> ReadLatestAsync(string deviceId, int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ObservedNetworkWindow>>([]);

    public Task DeleteAsync(string deviceId, CancellationToken cancellationToken) => Task.CompletedTask;

    public async IAsyncEnumerable<ObservedNetworkWindow> ExportAsync(NetworkExportQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.DeviceId is { } only)
        {
            foreach (var window in await ReadAsync(only, query))
            {
                yield return window;
            }

            yield break;
        }

        string? cursor = null;
        do
        {
            var page = await directory.QueryAsync(new TwinQuery { Type = query.DeviceType, Limit = PageSize, Cursor = cursor }, cancellationToken);
            var reads = page.Twins.Select(twin => ReadAsync(twin.Entry.Id, query)).ToArray();
            foreach (var read in reads)
            {
                foreach (var window in await read)
                {
                    yield return window;
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null && !cancellationToken.IsCancellationRequested);
    }

    public async Task<IReadOnlyList<int>> FindSchemaVersionsAsync(NetworkExportQuery query, CancellationToken cancellationToken)
    {
        // The twins hold their windows in memory only: asking them all is the one way to know, and it ends as soon
        // as every supported version has been seen.
        var found = new SortedSet<int>();
        await foreach (var window in ExportAsync(query, cancellationToken))
        {
            if (found.Add(window.Window.SchemaVersion) && found.Count == FeatureCatalog.SupportedSchemaVersions.Count)
            {
                break;
            }
        }

        return [.. found];
    }

    /// <summary>The twin's windows in the range, oldest first; none when the twin is gone or of another type.</summary>
    private async Task<IReadOnlyList<ObservedNetworkWindow>> ReadAsync(string deviceId, NetworkExportQuery query)
    {
        var range = new NetworkWindowQuery(query.From, query.To.AddTicks(-1), options.Value.RecentWindows);
        var view = await grains.GetGrain<ITwinNetworkGrain>(deviceId).GetNetworkAsync(range);
        if (view is null || (query.DeviceType is { } type && view.DeviceType != type))
        {
            return [];
        }

        var windows = new List<ObservedNetworkWindow>(view.Windows.Length);

        // The twin answers newest first; exports run forward in time.
        for (var i = view.Windows.Length - 1; i >= 0; i--)
        {
            var window = view.Windows[i];
            if (query.SchemaVersion is not { } version || window.SchemaVersion == version)
            {
                windows.Add(new ObservedNetworkWindow(deviceId, view.DeviceType, window));
            }
        }

        return windows;
    }
}
