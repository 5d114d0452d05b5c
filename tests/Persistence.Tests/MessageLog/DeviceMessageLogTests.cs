using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Persistence.Hosting;
using DigitalTwin.Persistence.MessageLog;
using DigitalTwin.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DigitalTwin.Persistence.Tests.MessageLog;

[Collection(PostgresCollection.Name)]
public sealed class DeviceMessageLogTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private NpgsqlDataSource _database = null!;
    private PostgresDeviceMessageLog _log = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        _log = Start(_database);
        await _log.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _log.StopAsync(CancellationToken.None);
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task EntriesAreReadBackInOrderAfterASequence()
    {
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            await _log.AppendAsync(Entry("dev-a", sequence), CancellationToken.None);
        }

        await _log.AppendAsync(Entry("dev-b", 1), CancellationToken.None);
        var status = new DeviceMessage("dev-a", DeviceMessageKind.Status, T0, T0, null, [], PresenceStatus.Offline);
        await _log.AppendAsync(new LoggedDeviceMessage(6, status), CancellationToken.None);

        var entries = await _log.ReadAfterAsync("dev-a", 2, CancellationToken.None);

        Assert.Equal([3L, 4L, 5L, 6L], entries.Select(e => e.Sequence));
        var third = entries[0].Message;
        var expected = Entry("dev-a", 3).Message;
        Assert.Equal(expected.Kind, third.Kind);
        Assert.Equal(expected.DeviceTimestamp, third.DeviceTimestamp);
        Assert.Equal(expected.ReceivedAt, third.ReceivedAt);
        Assert.Equal(expected.DeviceType, third.DeviceType);
        Assert.Equal(expected.Values.OrderBy(v => v.Name), third.Values.OrderBy(v => v.Name));
        Assert.Equal(PresenceStatus.Offline, entries[^1].Message.Presence);
        Assert.Empty(entries[^1].Message.Values);
    }

    [Fact]
    public async Task ConcurrentAppendsAreWrittenInSharedTransactions()
    {
        var before = _log.BatchesWritten;
        await Task.WhenAll(Enumerable.Range(1, 2000).Select(i => _log.AppendAsync(Entry($"dev-{i % 100}", i), CancellationToken.None)));

        var batches = _log.BatchesWritten - before;
        Assert.True(batches < 200, $"2000 concurrent appends took {batches} transactions; group commit should share them");
        await using var count = _database.CreateCommand("SELECT count(*) FROM dtn_device_messages");
        Assert.Equal(2000L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task HostileTextIsStoredAndReadLiterally()
    {
        string[] texts = ["'; DROP TABLE dtn_device_messages; --", "\"quoted\" \\ back\\slash", "unicode ✓ é 漢字 🚀", "{\"nested\":1}", "\t\n"];
        var values = texts.Select((text, i) => new NamedValue($"f{i}", FieldValue.FromText(text))).ToArray();
        var message = new DeviceMessage("hostile", DeviceMessageKind.Telemetry, T0, T0, "it's", values, null);
        await _log.AppendAsync(new LoggedDeviceMessage(1, message), CancellationToken.None);

        var read = Assert.Single(await _log.ReadAfterAsync("hostile", 0, CancellationToken.None)).Message;

        Assert.Equal(values.OrderBy(v => v.Name), read.Values.OrderBy(v => v.Name));
        Assert.Equal("it's", read.DeviceType);
    }

    [Fact]
    public async Task DeletingATwinsEntriesLeavesOtherTwinsAlone()
    {
        await _log.AppendAsync(Entry("gone", 1), CancellationToken.None);
        await _log.AppendAsync(Entry("kept", 1), CancellationToken.None);

        await _log.DeleteAsync("gone", CancellationToken.None);

        Assert.Empty(await _log.ReadAfterAsync("gone", 0, CancellationToken.None));
        Assert.Single(await _log.ReadAfterAsync("kept", 0, CancellationToken.None));
    }

    [Fact]
    public async Task AnAppendFailsWhenTheDatabaseIsUnreachable()
    {
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Timeout=2");
        var log = Start(unreachable);
        await log.StartAsync(CancellationToken.None);
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => log.AppendAsync(Entry("lost", 1), CancellationToken.None));
        }
        finally
        {
            await log.StopAsync(CancellationToken.None);
        }
    }

    private static PostgresDeviceMessageLog Start(NpgsqlDataSource database) =>
        new(database, Options.Create(new PostgresOptions()), NullLogger<PostgresDeviceMessageLog>.Instance);

    private static LoggedDeviceMessage Entry(string device, int sequence)
    {
        var time = T0.AddSeconds(sequence);
        NamedValue[] values =
        [
            new("temperature", FieldValue.FromNumber(20.5 + sequence)),
            new("door_open", FieldValue.FromBoolean(sequence % 2 == 0)),
            new("mode", FieldValue.FromText("eco")),
        ];
        return new LoggedDeviceMessage(sequence, new DeviceMessage(device, DeviceMessageKind.Telemetry, time, time.AddMilliseconds(5), "sensor", values, null));
    }
}
