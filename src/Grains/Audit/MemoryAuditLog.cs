using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Audit;

/// <summary>
/// The audit log of memory mode: the latest <see cref="AuditOptions.MemoryCapacity"/> entries of this silo, lost
/// on exit like the rest of memory mode. A ring under a lock: recording is a copy into a slot.
/// </summary>
internal sealed class MemoryAuditLog(IOptions<AuditOptions> options) : IAuditLog
{
    private readonly AuditEntry[] _ring = new AuditEntry[options.Value.MemoryCapacity];
    private readonly Lock _lock = new();
    private long _last;

    public bool Record(AuditEntry entry)
    {
        lock (_lock)
        {
            _last++;
            _ring[(int)(_last % _ring.Length)] = entry with { Id = _last };
        }

        return true;
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>(Math.Min(query.Limit + 1, 1024));
        lock (_lock)
        {
            var oldest = Math.Max(1, _last - _ring.Length + 1);
            for (var id = Math.Min(_last, (query.Before ?? long.MaxValue) - 1); id >= oldest && entries.Count <= query.Limit; id--)
            {
                var entry = _ring[(int)(id % _ring.Length)];
                if (query.Matches(entry))
                {
                    entries.Add(entry);
                }
            }
        }

        return Task.FromResult(entries.Count > query.Limit
            ? new AuditPage(entries[..query.Limit], entries[query.Limit - 1].Id)
            : new AuditPage(entries, null));
    }
}
