using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Directory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Directory;

/// <summary>
/// Gathers the directory entries the twins of this silo send and writes them to the
/// <see cref="ITwinDirectory"/> in batches, keeping only the newest version of each twin.
/// Twins never wait on the directory: a slow or failing directory delays listings, not ingestion.
/// </summary>
public sealed partial class TwinDirectoryWriter(ITwinDirectory directory, ILogger<TwinDirectoryWriter> logger) : BackgroundService
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly Lock _lock = new();
    private Dictionary<string, TwinDirectoryEntry> _pending = new(StringComparer.Ordinal);

    /// <summary>Entries waiting to be written.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public void Enqueue(TwinDirectoryEntry entry)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(entry.Id, out var current) || current.Version <= entry.Version)
            {
                _pending[entry.Id] = entry;
            }
        }
    }

    /// <summary>Writes everything pending now; returns false when the directory refused the batch (it is kept for the next try).</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, TwinDirectoryEntry> batch;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return true;
            }

            batch = _pending;
            _pending = new Dictionary<string, TwinDirectoryEntry>(StringComparer.Ordinal);
        }

        try
        {
            await directory.UpsertAsync([.. batch.Values], cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFlushFailed(logger, ex, batch.Count);
            foreach (var entry in batch.Values)
            {
                Enqueue(entry);
            }

            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FlushInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = await FlushAsync(stoppingToken) ? FlushInterval : TimeSpan.FromSeconds(2);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} twin directory entries failed; retrying")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);
}
