namespace DigitalTwin.Ingest;

/// <summary>
/// Cumulative write counts (<c>pg_stat_user_tables</c>) and on-disk size (<c>pg_total_relation_size</c>: heap,
/// indexes and TOAST) of one table, its partitions rolled up into it.
/// </summary>
public sealed record TableActivity(string Name, long Inserted, long Updated, long Deleted, long Bytes)
{
    public static TableActivity operator -(TableActivity after, TableActivity before) =>
        new(after.Name, after.Inserted - before.Inserted, after.Updated - before.Updated, after.Deleted - before.Deleted, after.Bytes - before.Bytes);
}
