namespace DigitalTwin.Grains.Audit;

/// <summary>
/// Where the API records its state-changing and refused calls: a bounded log in memory, a table with retention in
/// PostgreSQL mode. <see cref="Record"/> never waits on storage: it is on every write's request path.
/// </summary>
public interface IAuditLog
{
    /// <summary>Records the entry (its <see cref="AuditEntry.Id"/> is assigned by the log); false when it had to be dropped.</summary>
    bool Record(AuditEntry entry);

    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
