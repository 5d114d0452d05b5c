using System.Globalization;

namespace DigitalTwin.Ingest;

/// <summary>
/// What the window cost PostgreSQL: rows, WAL, bytes on disk and transactions, per accepted message, with the
/// tables they went to and what the server's processes waited on. Printed under a postgres run's report.
/// </summary>
public sealed record PostgresUsage
{
    public required string Server { get; init; }

    public required string Settings { get; init; }

    public required PostgresSnapshot Before { get; init; }

    public required PostgresSnapshot After { get; init; }

    /// <summary>Null when the transaction ids could not bound the window.</summary>
    public required LogBatches? Batches { get; init; }

    public required WaitProfile Waits { get; init; }

    /// <summary>The denominator: messages the silo accepted between the two snapshots.</summary>
    public required long Accepted { get; init; }

    /// <summary>Where <see cref="Accepted"/> came from, for the report.</summary>
    public required string AcceptedSource { get; init; }

    public required TimeSpan Window { get; init; }

    public long LogRows => After.LogRows - Before.LogRows;

    public long WalBytes => (long)(After.WalPosition - Before.WalPosition);

    public long Commits => After.Commits - Before.Commits;

    public IReadOnlyList<TableActivity> Tables =>
    [
        .. After.Tables.Select(a => a - (Before.Tables.FirstOrDefault(b => b.Name == a.Name) ?? new TableActivity(a.Name, 0, 0, 0, 0))),
    ];

    public long RowsWritten => Tables.Sum(t => t.Inserted + t.Updated);

    public long BytesGrown => Tables.Sum(t => t.Bytes);

    public TimeSpan? ServerCpu => After.ServerCpu - Before.ServerCpu;

    public void Write(TextWriter output)
    {
        var seconds = Window.TotalSeconds;
        output.WriteLine();
        output.WriteLine($"PostgreSQL  {Server}");
        output.WriteLine($"            {Settings}");
        var rows = new List<(string Figure, string Value)>
        {
            ("Accepted messages (denominator)", $"{Count(Accepted)}  ({AcceptedSource})"),
            ("Message log rows written (count(*) delta)", $"{Count(LogRows)}  ({PerMessage(LogRows)} per message)"),
            ("Rows inserted + updated, all user tables", $"{Count(RowsWritten)}  ({PerMessage(RowsWritten)} per message)"),
            ("WAL written", $"{MiB(WalBytes)}  ({Bytes(WalBytes)} per message, {MiB((long)(WalBytes / seconds))}/s)"),
            ("Table + index bytes grown", $"{MiB(BytesGrown)}  ({Bytes(BytesGrown)} per message)"),
            ("Commits, all sessions of the database", $"{Count(Commits)}  ({Rate(Commits, seconds)}/s; {Ratio(RowsWritten, Commits)} rows written per commit)"),
            ("Message log COPY transactions", Batches is { } b ? $"{Count(b.Transactions)}  ({Rate(b.Transactions, seconds)}/s; mean batch {b.MeanRows.ToString("0.0", CultureInfo.InvariantCulture)} rows)" : "unavailable (transaction ids wrapped)"),
            ("PostgreSQL CPU in window (cores)", ServerCpu is { } cpu ? (cpu.TotalSeconds / seconds).ToString("0.00", CultureInfo.InvariantCulture) : "unavailable (server not on this machine)"),
        };
        var width = rows.Max(r => r.Figure.Length);
        foreach (var (figure, value) in rows)
        {
            output.WriteLine($"{figure.PadRight(width)}  {value}");
        }

        output.WriteLine();
        output.WriteLine($"{"Table (partitions rolled up)",-40} {"inserted",10} {"updated",10} {"deleted",10} {"grown",12}");
        foreach (var table in Tables.Where(t => t.Inserted != 0 || t.Updated != 0 || t.Deleted != 0 || t.Bytes != 0))
        {
            output.WriteLine($"{table.Name,-40} {Count(table.Inserted),10} {Count(table.Updated),10} {Count(table.Deleted),10} {MiB(table.Bytes),12}");
        }

        output.WriteLine();
        output.WriteLine($"Server processes by state, mean number busy over {Waits.Samples} samples {Waits.Interval.TotalMilliseconds:0} ms apart:");
        if (Waits.MeanProcesses.Count == 0)
        {
            output.WriteLine("  none seen busy");
        }

        foreach (var (state, mean) in Waits.MeanProcesses.Take(10))
        {
            output.WriteLine($"  {mean.ToString("0.00", CultureInfo.InvariantCulture),6}  {state}");
        }

        output.WriteLine();
        output.WriteLine("""
            What these count: message log rows are exact (count(*) of dtn_device_messages at the window's edges).
            Rows inserted + updated sum n_tup_ins + n_tup_upd of pg_stat_user_tables over every user table and
            partition (the log, the grain-state table, the directory, membership); these statistics trail by up
            to a second at both edges. WAL is the distance between pg_current_wal_lsn() at the edges, all writers,
            full-page images after a checkpoint included. Bytes grown is the change of pg_total_relation_size
            (heap, indexes, TOAST) summed over every table and partition. Commits are xact_commit of the database
            (every session, the bench's own few included). A COPY transaction is one distinct xmin among the log
            rows written in the window; its mean batch is log rows per COPY. Busy server processes are sampled
            from pg_stat_activity, the bench's own connections left out.
            """);
    }

    private string PerMessage(long n) => Ratio(n, Accepted);

    private string Bytes(long total) => Accepted == 0 ? "n/a" : ((double)total / Accepted).ToString("N0", CultureInfo.InvariantCulture) + " B";

    private static string Ratio(long part, long whole) => whole == 0 ? "n/a" : ((double)part / whole).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(long n, double seconds) => (n / seconds).ToString("N0", CultureInfo.InvariantCulture);

    private static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB";
}
