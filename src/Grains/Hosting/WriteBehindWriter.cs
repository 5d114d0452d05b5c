using Microsoft.Extensions.Hosting;

namespace DigitalTwin.Grains.Hosting;

/// <summary>
/// Gathers what the twins of this silo hand over (<see cref="Enqueue"/>) and writes it in batches every
/// <see cref="FlushInterval"/>, keeping only the latest version of each item by key. Twins never wait on it: a slow or
/// failing store delays what reads it, not ingestion. A refused batch is kept for the next try (every 2 s), and what is
/// pending at shutdown, a batch whose write the stop cancelled included, is written before the silo stops. The twin
/// directory's and the alert index's writers are these.
/// </summary>
public abstract class WriteBehindWriter<T> : BackgroundService
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private Dictionary<string, T> _pending = new(StringComparer.Ordinal);

    /// <summary>Items waiting to be written.</summary>
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

    public void Enqueue(T item)
    {
        lock (_lock)
        {
            var key = KeyOf(item);
            if (!_pending.TryGetValue(key, out var current) || !IsNewer(current, item))
            {
                _pending[key] = item;
            }
        }
    }

    /// <summary>Writes everything pending now; returns false when the store refused the batch (it is kept for the next try).</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, T> batch;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return true;
            }

            batch = _pending;
            _pending = new Dictionary<string, T>(StringComparer.Ordinal);
        }

        try
        {
            await WriteAsync([.. batch.Values], cancellationToken);
            return true;
        }
        catch (Exception ex)
        {
            // Whatever stopped the write, the batch goes back: one the store refused is tried again, and one the
            // silo's stop cut short (PostgreSQL rolls a cancelled statement back) is written by StopAsync's last flush.
            // Writing a batch twice is harmless, as the stores keep the newest version.
            Requeue(batch.Values);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            OnWriteFailed(ex, batch.Count);
            return false;
        }
    }

    /// <summary>
    /// Puts back what could not be written, under any version queued since: that one was handed over later, so it
    /// wins even when both carry the same version.
    /// </summary>
    private void Requeue(IEnumerable<T> items)
    {
        lock (_lock)
        {
            foreach (var item in items)
            {
                var key = KeyOf(item);
                if (!_pending.TryGetValue(key, out var current) || IsNewer(item, current))
                {
                    _pending[key] = item;
                }
            }
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

            delay = await FlushAsync(stoppingToken) ? FlushInterval : RetryInterval;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>The key two versions of one item share.</summary>
    protected abstract string KeyOf(T item);

    /// <summary>Whether <paramref name="current"/>, already pending, is newer than <paramref name="candidate"/> (which then is dropped).</summary>
    protected abstract bool IsNewer(T current, T candidate);

    protected abstract Task WriteAsync(IReadOnlyList<T> batch, CancellationToken cancellationToken);

    /// <summary>Logs a refused batch; it will be written again.</summary>
    protected abstract void OnWriteFailed(Exception exception, int count);
}
