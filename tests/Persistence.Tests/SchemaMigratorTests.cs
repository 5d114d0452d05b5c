using DigitalTwin.Persistence.Schema;
using DigitalTwin.Persistence.Tests.Infrastructure;

namespace DigitalTwin.Persistence.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SchemaMigratorTests(PostgresFixture postgres)
{
    private static readonly IReadOnlyList<SchemaScript> Shipped = SchemaScript.LoadEmbedded();

    // What Orleans 10.4.2's ADO.NET clustering, grain storage and reminders load from orleansquery.
    private static readonly HashSet<string> OrleansQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadAllKey", "MembershipReadRowKey", "GatewaysQueryKey", "CleanupDefunctSiloEntriesKey",
        "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public void ShipsTheOrleansSchemaFilesInOrdinalOrder()
    {
        var names = Shipped.Select(script => script.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(["001_orleans_clustering.sql", "002_orleans_storage.sql", "003_orleans_reminders.sql"], names.Take(3));
    }

    [Fact]
    public async Task AppliesEveryFileOnceAndASecondRunDoesNothing()
    {
        var database = await postgres.CreateEmptyDatabaseAsync("migrate_twice");

        Assert.Equal(Shipped.Count, await Migrations.For(database).MigrateAsync(CancellationToken.None));
        Assert.Equal(0, await Migrations.For(database).MigrateAsync(CancellationToken.None));

        Assert.Equal(Shipped.Count, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM dtn_schema_migrations"));
        var keys = await Sql.ScalarAsync<string[]>(database, "SELECT array_agg(querykey::text) FROM orleansquery");
        Assert.Superset(OrleansQueryKeys, keys.ToHashSet());
    }

    [Fact]
    public async Task RefusesToRunWhenAnAppliedFileHasChanged()
    {
        var database = await postgres.CreateEmptyDatabaseAsync("migrate_changed");
        await Migrations.For(database).MigrateAsync(CancellationToken.None);
        await Sql.ExecuteAsync(database, "UPDATE dtn_schema_migrations SET checksum = repeat('0', 64) WHERE name = '002_orleans_storage.sql'");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrations.For(database).MigrateAsync(CancellationToken.None));

        Assert.Contains("002_orleans_storage.sql", error.Message);
        Assert.Contains("must never change", error.Message);
    }

    [Fact]
    public async Task APlainWindowTableBecomesTheDefaultPartitionWithItsRows()
    {
        // A database migrated when 030 still made the table plain, with windows in it.
        var database = await postgres.CreateEmptyDatabaseAsync("migrate_windows");
        await Sql.ExecuteAsync(database, Shipped.Single(s => s.Name == "030_network_windows.sql").Sql);
        await Sql.ExecuteAsync(database, "INSERT INTO dtn_network_windows (device_id, window_start, window_seconds, device_type, features) VALUES ('d', '2026-11-28T10:00:00Z', 10, 'sensor', '{1}')");
        Assert.Equal("r", await Sql.ScalarAsync<string>(database, "SELECT relkind::text FROM pg_class WHERE relname = 'dtn_network_windows'"));

        await Migrations.For(database).MigrateAsync(CancellationToken.None);

        Assert.Equal("p", await Sql.ScalarAsync<string>(database, "SELECT relkind::text FROM pg_class WHERE relname = 'dtn_network_windows'"));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM dtn_network_windows_default"));
        await Sql.ExecuteAsync(database, "INSERT INTO dtn_network_windows (device_id, window_start, window_seconds, device_type, features) VALUES ('d', '2026-11-28T10:00:00Z', 10, 'sensor', '{2}') ON CONFLICT DO NOTHING");
        Assert.Equal(1L, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM dtn_network_windows"));
    }

    [Fact]
    public async Task WindowsStoredBeforeTheirSchemaVersionWasKeptAreSchemaOne()
    {
        var database = await postgres.CreateEmptyDatabaseAsync("migrate_window_versions");
        foreach (var script in Shipped.Where(s => s.Name is "030_network_windows.sql" or "031_network_windows_partitioned.sql"))
        {
            await Sql.ExecuteAsync(database, script.Sql);
        }

        await Sql.ExecuteAsync(database, "INSERT INTO dtn_network_windows (device_id, window_start, window_seconds, device_type, features) VALUES ('d', '2026-11-28T10:00:00Z', 10, 'sensor', '{1}')");

        await Sql.ExecuteAsync(database, Shipped.Single(s => s.Name == "032_network_windows_schema_version.sql").Sql);

        Assert.Equal((short)1, await Sql.ScalarAsync<short>(database, "SELECT schema_version FROM dtn_network_windows WHERE device_id = 'd'"));
    }

    [Fact]
    public async Task MigratorsStartingTogetherApplyEachFileOnce()
    {
        var database = await postgres.CreateEmptyDatabaseAsync("migrate_parallel");

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrations.For(database).MigrateAsync(CancellationToken.None))));

        Assert.Equal(Shipped.Count, applied.Sum());
        Assert.Equal(Shipped.Count, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM dtn_schema_migrations"));
    }
}
