using DigitalTwin.Persistence.History;
using DigitalTwin.Persistence.Hosting;
using DigitalTwin.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DigitalTwin.Persistence.Tests.History;

[Collection(PostgresCollection.Name)]
public sealed class DailyPartitionsTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DailyPartitionsAreCreatedAheadAndTakeOverRowsFromTheDefaultPartition()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        await InsertAsync(database, Now);
        var partitions = Partitions(database, new ManualClock(Now), TimeSpan.FromDays(30));

        var (created, _) = await partitions.MaintainAsync(PartitionedTable.DeviceMessages, CancellationToken.None);

        Assert.Equal(5, created);
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM dtn_device_messages_default"));
        Assert.Equal(1L, await ScalarAsync(database, $"SELECT count(*) FROM {PartitionedTable.DeviceMessages.PartitionName(DateOnly.FromDateTime(Now.UtcDateTime))}"));
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM dtn_device_messages"));
        Assert.Equal((0, 0), await partitions.MaintainAsync(PartitionedTable.DeviceMessages, CancellationToken.None));
    }

    [Fact]
    public async Task PartitionsPastTheRetentionAreDroppedAndOldDefaultRowsDeleted()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var clock = new ManualClock(Now);
        var partitions = Partitions(database, clock, TimeSpan.FromDays(7));
        await partitions.MaintainAsync(PartitionedTable.DeviceMessages, CancellationToken.None);
        await InsertAsync(database, Now);
        await InsertAsync(database, Now.AddDays(-100));

        clock.Now = Now.AddDays(10);
        var (_, dropped) = await partitions.MaintainAsync(PartitionedTable.DeviceMessages, CancellationToken.None);

        Assert.Equal(4, dropped);
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM dtn_device_messages"));
        await InsertAsync(database, clock.Now);
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM dtn_device_messages"));
    }

    [Fact]
    public async Task NetworkWindowsArePartitionedAndExpireByTheirOwnRetention()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var clock = new ManualClock(Now);
        var partitions = Partitions(database, clock, telemetry: TimeSpan.FromDays(30), windows: TimeSpan.FromDays(2));
        await InsertWindowAsync(database, Now);
        await InsertWindowAsync(database, Now.AddDays(-1));

        var (created, _) = await partitions.MaintainAsync(PartitionedTable.NetworkWindows, CancellationToken.None);
        await partitions.MaintainAsync(PartitionedTable.DeviceMessages, CancellationToken.None);

        Assert.Equal(5, created);
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM dtn_network_windows_default"));
        Assert.Equal(1L, await ScalarAsync(database, $"SELECT count(*) FROM {PartitionedTable.NetworkWindows.PartitionName(DateOnly.FromDateTime(Now.UtcDateTime))}"));

        // The primary key holds in the partition the window moved to: a re-sent window is still a no-op.
        await InsertWindowAsync(database, Now);
        Assert.Equal(2L, await ScalarAsync(database, "SELECT count(*) FROM dtn_network_windows"));

        clock.Now = Now.AddDays(3);
        var (_, windowDaysDropped) = await partitions.MaintainAsync(PartitionedTable.NetworkWindows, CancellationToken.None);
        var (_, telemetryDaysDropped) = await partitions.MaintainAsync(PartitionedTable.DeviceMessages, CancellationToken.None);

        Assert.Equal(2, windowDaysDropped);
        Assert.Equal(0, telemetryDaysDropped);
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM dtn_network_windows"));
    }

    private static DailyPartitions Partitions(NpgsqlDataSource database, TimeProvider clock, TimeSpan telemetry, TimeSpan? windows = null) =>
        new(
            database,
            Options.Create(new PostgresOptions { TelemetryRetention = telemetry, NetworkWindowRetention = windows ?? telemetry }),
            clock,
            NullLogger<DailyPartitions>.Instance);

    private static async Task InsertWindowAsync(NpgsqlDataSource database, DateTimeOffset start)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO dtn_network_windows (device_id, window_start, window_seconds, device_type, features) VALUES ('d', $1, 10, 'sensor', '{1}') ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = start.UtcDateTime });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task InsertAsync(NpgsqlDataSource database, DateTimeOffset time)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO dtn_device_messages (device_id, seq, kind, device_time, received_at, data) VALUES ('d', 1, 0, $1, $1, '{}')");
        command.Parameters.Add(new NpgsqlParameter { Value = time.UtcDateTime });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
