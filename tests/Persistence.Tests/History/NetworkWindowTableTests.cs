using DigitalTwin.Behaviour.Features;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Network;
using DigitalTwin.Persistence.History;
using DigitalTwin.Persistence.Hosting;
using DigitalTwin.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DigitalTwin.Persistence.Tests.History;

[Collection(PostgresCollection.Name)]
public sealed class NetworkWindowTableTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private NpgsqlDataSource _database = null!;
    private PostgresNetworkWindowHistory _table = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        _table = new PostgresNetworkWindowHistory(_database, Options.Create(new PostgresOptions()), NullLogger<PostgresNetworkWindowHistory>.Instance);
        await _table.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _table.StopAsync(CancellationToken.None);
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task WindowsReadBackWithEveryFeatureAndNotMeasuredAsNaN()
    {
        await _table.AppendAsync(Observed("dev-a", T0, 7, latency: 12.25), CancellationToken.None);

        var window = Assert.Single(await _table.ReadLatestAsync("dev-a", 10, CancellationToken.None));

        Assert.Equal("sensor", window.DeviceType);
        Assert.Equal(T0, window.Window.Start);
        Assert.Equal(10, window.Window.Seconds);
        Assert.Equal(FeatureCatalog.Count, window.Window.Values.Length);
        Assert.Equal(7, window.Window.Values[(int)NetworkFeature.PacketsIn]);
        Assert.Equal(12.25, window.Window.Values[(int)NetworkFeature.LatencyMean]);
        Assert.True(double.IsNaN(window.Window.Values[(int)NetworkFeature.Jitter]));
    }

    [Fact]
    public async Task TheLatestWindowsComeOldestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            await _table.AppendAsync(Observed("dev-b", T0.AddSeconds(10 * i), i), CancellationToken.None);
        }

        var latest = await _table.ReadLatestAsync("dev-b", 3, CancellationToken.None);

        Assert.Equal([T0.AddSeconds(20), T0.AddSeconds(30), T0.AddSeconds(40)], latest.Select(w => w.Window.Start));
    }

    [Fact]
    public async Task AReSentWindowLeavesTheStoredOneAsItIs()
    {
        await _table.AppendAsync(Observed("dev-c", T0, 1), CancellationToken.None);
        await _table.AppendAsync(Observed("dev-c", T0, 2), CancellationToken.None);

        var window = Assert.Single(await _table.ReadLatestAsync("dev-c", 10, CancellationToken.None));
        Assert.Equal(1, window.Window.Values[(int)NetworkFeature.PacketsIn]);
    }

    [Fact]
    public async Task ExportStreamsTheRangeInTimeOrderAcrossDevicesWithFilters()
    {
        var appends = new List<Task>();
        for (var i = 0; i < 4; i++)
        {
            appends.Add(_table.AppendAsync(Observed("exp-a", T0.AddSeconds(10 * i), i), CancellationToken.None));
            appends.Add(_table.AppendAsync(Observed("exp-b", T0.AddSeconds(10 * i + 5), i, type: "camera"), CancellationToken.None));
        }

        await Task.WhenAll(appends);

        var all = await ExportAsync(new NetworkExportQuery(T0.AddSeconds(10), T0.AddSeconds(30), null, null));
        Assert.Equal(
            [("exp-a", T0.AddSeconds(10)), ("exp-b", T0.AddSeconds(15)), ("exp-a", T0.AddSeconds(20)), ("exp-b", T0.AddSeconds(25))],
            all.Where(w => w.DeviceId.StartsWith("exp-", StringComparison.Ordinal)).Select(w => (w.DeviceId, w.Window.Start)));

        var cameras = await ExportAsync(new NetworkExportQuery(T0, T0.AddMinutes(1), "camera", null));
        Assert.All(cameras, w => Assert.Equal("exp-b", w.DeviceId));
        Assert.Equal(4, cameras.Count);

        var one = await ExportAsync(new NetworkExportQuery(T0, T0.AddMinutes(1), null, "exp-a"));
        Assert.Equal(4, one.Count);
    }

    [Fact]
    public async Task WindowsReadBackAndExportWithTheirSchemaVersion()
    {
        await _table.AppendAsync(Observed("ver-a", T0, 1, schemaVersion: 1), CancellationToken.None);
        await _table.AppendAsync(Observed("ver-a", T0.AddSeconds(10), 2, schemaVersion: 2), CancellationToken.None);

        var latest = await _table.ReadLatestAsync("ver-a", 10, CancellationToken.None);
        var exported = await ExportAsync(new NetworkExportQuery(T0, T0.AddMinutes(1), null, "ver-a"));

        Assert.Equal([1, 2], latest.Select(w => w.Window.SchemaVersion));
        Assert.Equal([1, 2], exported.Select(w => w.Window.SchemaVersion));
    }

    [Fact]
    public async Task AnExportOfOneSchemaVersionLeavesTheOthersOut()
    {
        for (var i = 0; i < 4; i++)
        {
            await _table.AppendAsync(Observed("ver-b", T0.AddSeconds(10 * i), i, schemaVersion: i < 2 ? 1 : 2), CancellationToken.None);
        }

        var second = await ExportAsync(new NetworkExportQuery(T0, T0.AddMinutes(1), null, "ver-b", SchemaVersion: 2));

        Assert.Equal([T0.AddSeconds(20), T0.AddSeconds(30)], second.Select(w => w.Window.Start));
        Assert.All(second, w => Assert.Equal(2, w.Window.SchemaVersion));
    }

    [Fact]
    public async Task FindsTheSchemaVersionsOfAnExportsWindows()
    {
        await _table.AppendAsync(Observed("ver-c", T0, 1, schemaVersion: 1), CancellationToken.None);
        await _table.AppendAsync(Observed("ver-c", T0.AddSeconds(10), 2, schemaVersion: 2), CancellationToken.None);
        await _table.AppendAsync(Observed("ver-d", T0.AddSeconds(10), 3, type: "camera", schemaVersion: 2), CancellationToken.None);

        Assert.Equal([1, 2], await _table.FindSchemaVersionsAsync(new NetworkExportQuery(T0, T0.AddMinutes(1), null, "ver-c"), CancellationToken.None));
        Assert.Equal([2], await _table.FindSchemaVersionsAsync(new NetworkExportQuery(T0.AddSeconds(10), T0.AddMinutes(1), null, "ver-c"), CancellationToken.None));
        Assert.Equal([2], await _table.FindSchemaVersionsAsync(new NetworkExportQuery(T0, T0.AddMinutes(1), "camera", null), CancellationToken.None));
        Assert.Equal([1], await _table.FindSchemaVersionsAsync(new NetworkExportQuery(T0, T0.AddMinutes(1), null, "ver-c", SchemaVersion: 1), CancellationToken.None));
        Assert.Empty(await _table.FindSchemaVersionsAsync(new NetworkExportQuery(T0.AddHours(1), T0.AddHours(2), null, null), CancellationToken.None));
    }

    [Fact]
    public async Task RowsOfThirtyTwoFeaturesWrittenByTheOldCodeReadBackWidenedWithNaN()
    {
        // As a silo of the code before schema 3 wrote them: 32 features, no column changed since.
        await using (var insert = _database.CreateCommand(
            """
            INSERT INTO dtn_network_windows (device_id, window_start, window_seconds, device_type, features, schema_version)
            VALUES ('old-a', $1, 10, 'sensor', array_fill(1.5::float8, ARRAY[32]), 2),
                   ('old-a', $2, 10, 'sensor', array_fill(2.5::float8, ARRAY[32]), 1)
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = T0.UtcDateTime });
            insert.Parameters.Add(new NpgsqlParameter { Value = T0.AddSeconds(10).UtcDateTime });
            await insert.ExecuteNonQueryAsync();
        }

        await _table.AppendAsync(Observed("old-a", T0.AddSeconds(20), 3, schemaVersion: 3), CancellationToken.None);

        var latest = await _table.ReadLatestAsync("old-a", 10, CancellationToken.None);
        var exported = await ExportAsync(new NetworkExportQuery(T0, T0.AddMinutes(1), null, "old-a"));

        foreach (var windows in new[] { latest, exported })
        {
            Assert.Equal([2, 1, 3], windows.Select(w => w.Window.SchemaVersion));
            Assert.All(windows, w => Assert.Equal(FeatureCatalog.Count, w.Window.Values.Length));
            Assert.Equal([1.5, 2.5, 3], windows.Select(w => w.Window.Values[(int)NetworkFeature.PacketsIn]));
            Assert.Equal(1.5, windows[0].Window.Values[(int)NetworkFeature.ListeningPorts]);
            Assert.All(windows.Take(2), w => Assert.All(w.Window.Values[32..], value => Assert.True(double.IsNaN(value))));
        }

        Assert.Equal([1, 2, 3], await _table.FindSchemaVersionsAsync(new NetworkExportQuery(T0, T0.AddMinutes(1), null, "old-a"), CancellationToken.None));
    }

    [Fact]
    public async Task DeletingADeviceRemovesItsWindows()
    {
        await _table.AppendAsync(Observed("dev-d", T0, 1), CancellationToken.None);

        await _table.DeleteAsync("dev-d", CancellationToken.None);

        Assert.Empty(await _table.ReadLatestAsync("dev-d", 10, CancellationToken.None));
    }

    [Fact]
    public async Task StoppingWritesWhatIsQueuedAndThenRefuses()
    {
        var pending = Enumerable.Range(0, 50).Select(i => _table.AppendAsync(Observed("dev-e", T0.AddSeconds(i), i), CancellationToken.None)).ToArray();

        await _table.StopAsync(CancellationToken.None);
        await Task.WhenAll(pending);

        Assert.Equal(50, (await _table.ReadLatestAsync("dev-e", 100, CancellationToken.None)).Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _table.AppendAsync(Observed("dev-e", T0.AddHours(1), 1), CancellationToken.None));
    }

    private async Task<List<ObservedNetworkWindow>> ExportAsync(NetworkExportQuery query)
    {
        var windows = new List<ObservedNetworkWindow>();
        await foreach (var window in _table.ExportAsync(query, CancellationToken.None))
        {
            windows.Add(window);
        }

        return windows;
    }

    private static ObservedNetworkWindow Observed(
        string device, DateTimeOffset start, double packetsIn, double latency = double.NaN, string type = "sensor", int schemaVersion = FeatureCatalog.SchemaVersion)
    {
        var values = new double[FeatureCatalog.Count];
        Array.Fill(values, double.NaN);
        values[(int)NetworkFeature.PacketsIn] = packetsIn;
        values[(int)NetworkFeature.LatencyMean] = latency;
        return new ObservedNetworkWindow(device, type, new NetworkWindowRecord(start, 10, values, schemaVersion));
    }
}
