namespace DigitalTwin.Ingest;

/// <summary>
/// PostgreSQL's counters at one instant. The WAL position, the message log's row count and the sizes are exact at
/// the instant; the table and commit counters come from the cumulative statistics, which a busy backend flushes at
/// most once a second, so they trail by up to a second. Under steady load both ends trail alike and the
/// difference still covers a window's length.
/// </summary>
/// <param name="WalPosition"><c>pg_current_wal_lsn()</c> as a byte position.</param>
/// <param name="LogRows"><c>count(*)</c> of <c>dtn_device_messages</c>, all partitions.</param>
/// <param name="Commits"><c>xact_commit</c> of this database in <c>pg_stat_database</c>.</param>
/// <param name="TransactionId">A transaction id taken now: log rows whose <c>xmin</c> lies between two of these were written in between.</param>
/// <param name="Tables">Every user table, partitions rolled up into their table.</param>
/// <param name="ServerCpu">CPU time of the server's processes that this machine can see; null when the server runs elsewhere.</param>
public sealed record PostgresSnapshot(ulong WalPosition, long LogRows, long Commits, long TransactionId, IReadOnlyList<TableActivity> Tables, TimeSpan? ServerCpu);
