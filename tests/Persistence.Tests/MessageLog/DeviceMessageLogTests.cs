using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.Streams;
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
    private const int Queues = 4;

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
    public async Task ATwinsEntriesAreReadBackInOrderAfterASequence()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _log.EnqueueAsync(0, Message("dev-a", i), CancellationToken.None);
        }

        await _log.EnqueueAsync(1, Message("dev-b", 1), CancellationToken.None);
        var status = new DeviceMessage("dev-a", DeviceMessageKind.Status, T0, T0, null, [], PresenceStatus.Offline);
        await _log.EnqueueAsync(0, status, CancellationToken.None);
        var all = await _log.ReadAfterAsync("dev-a", 0, CancellationToken.None);

        var entries = await _log.ReadAfterAsync("dev-a", all[1].Sequence, CancellationToken.None);

        Assert.Equal(6, all.Count);
        Assert.Equal(all.Select(e => e.Sequence).Order(), all.Select(e => e.Sequence));
        Assert.Equal(all.Skip(2).Select(e => e.Sequence), entries.Select(e => e.Sequence));
        var third = entries[0].Message;
        var expected = Message("dev-a", 3);
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
        await Task.WhenAll(Enumerable.Range(1, 2000).Select(i => _log.EnqueueAsync(i % 4, Message($"dev-{i % 100}", i), CancellationToken.None)));

        var batches = _log.BatchesWritten - before;
        Assert.True(batches < 200, $"2000 concurrent appends took {batches} transactions; group commit should share them");
        await using var count = _database.CreateCommand("SELECT count(*) FROM dtn_device_messages");
        Assert.Equal(2000L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AQueuesReaderReadsOnlyItsQueueInOrderAndInBatches()
    {
        for (var i = 1; i <= 7; i++)
        {
            await _log.EnqueueAsync(i % 2, Message($"dev-{i}", i), CancellationToken.None);
        }

        var reader = _log.OpenReader(1);
        await reader.InitializeAsync(CancellationToken.None);

        var first = await reader.ReadAsync(3, CancellationToken.None);
        var rest = await reader.ReadAsync(3, CancellationToken.None);

        Assert.Equal(["dev-1", "dev-3", "dev-5"], first.Select(e => e.Message.DeviceId));
        Assert.Equal(["dev-7"], rest.Select(e => e.Message.DeviceId));
        Assert.True(first[^1].Sequence < rest[0].Sequence);
        Assert.Empty(await reader.ReadAsync(3, CancellationToken.None));
    }

    [Fact]
    public async Task AReaderResumesAfterTheCheckpointOfTheQueuesLastOwner()
    {
        var read = await DeliverTwoOfAsync(2, "dev-c", 4);

        var next = _log.OpenReader(2);
        await next.InitializeAsync(CancellationToken.None);

        Assert.Equal(read.Skip(2).Select(e => e.Sequence), (await next.ReadAsync(10, CancellationToken.None)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task AnIdleReaderDoesNotQueryUntilItsQueueIsRaised()
    {
        var wakeups = new QueueWakeups(Options.Create(new DeviceStreamOptions { QueueCount = Queues }));
        var log = Start(_database, wakeups, safetyReadPeriod: TimeSpan.FromMinutes(1));
        var reader = log.OpenReader(3);
        await reader.InitializeAsync(CancellationToken.None);
        Assert.Empty(await reader.ReadAsync(10, CancellationToken.None));

        // Written past the log, as another silo's commit whose notification has not arrived yet.
        await using (var insert = _database.CreateCommand(
            "INSERT INTO dtn_device_messages (device_id, seq, queue, kind, device_time, received_at, data) VALUES ('dev-d', 1000000, 3, 0, now(), now(), '{}')"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Empty(await reader.ReadAsync(10, CancellationToken.None));
        wakeups.Raise(3);
        Assert.Equal("dev-d", Assert.Single(await reader.ReadAsync(10, CancellationToken.None)).Message.DeviceId);
    }

    [Fact]
    public async Task AReadGivenUpOnEndsEmptyAndLeavesItsRaisedQueueForTheNextRead()
    {
        var wakeups = new QueueWakeups(Options.Create(new DeviceStreamOptions { QueueCount = Queues }));
        var log = Start(_database, wakeups, safetyReadPeriod: TimeSpan.FromMinutes(1));
        await log.StartAsync(CancellationToken.None);
        try
        {
            var reader = log.OpenReader(1);
            await reader.InitializeAsync(CancellationToken.None);
            Assert.Empty(await reader.ReadAsync(10, CancellationToken.None));
            await log.EnqueueAsync(1, Message("dev-x", 1), CancellationToken.None);

            Assert.Empty(await reader.ReadAsync(10, new CancellationToken(canceled: true)));

            Assert.Equal("dev-x", Assert.Single(await reader.ReadAsync(10, CancellationToken.None)).Message.DeviceId);
        }
        finally
        {
            await log.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AnIdleReaderWaitingForItsQueueReadsACommitMadeDuringTheWait()
    {
        // An idle wait far longer than the test's bound: only the writer's wake-up can end it in time.
        var log = Start(_database, safetyReadPeriod: TimeSpan.FromMinutes(1), idleWait: TimeSpan.FromMinutes(5));
        await log.StartAsync(CancellationToken.None);
        try
        {
            var reader = log.OpenReader(2);
            await reader.InitializeAsync(CancellationToken.None);
            Assert.Empty(await reader.ReadAsync(10, CancellationToken.None));
            var reading = reader.ReadAsync(10, CancellationToken.None);
            Assert.False(reading.IsCompleted);

            await log.EnqueueAsync(2, Message("dev-w", 1), CancellationToken.None);

            Assert.Equal("dev-w", Assert.Single(await reading.WaitAsync(TimeSpan.FromSeconds(10))).Message.DeviceId);
        }
        finally
        {
            await log.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AnotherSilosCommitWakesTheReaderThroughANotification()
    {
        var wakeups = new QueueWakeups(Options.Create(new DeviceStreamOptions { QueueCount = Queues }));
        var reading = Start(_database, wakeups, safetyReadPeriod: TimeSpan.FromMinutes(1));
        var listener = new QueueNotificationListener(_database, wakeups, NullLogger<QueueNotificationListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        try
        {
            var reader = reading.OpenReader(1);
            await reader.InitializeAsync(CancellationToken.None);
            Assert.Empty(await reader.ReadAsync(10, CancellationToken.None));

            // _log is the other silo's writer: its own wakeups are not the reader's.
            await _log.EnqueueAsync(1, Message("dev-e", 1), CancellationToken.None);

            var entries = await Eventually(() => reader.ReadAsync(10, CancellationToken.None), TimeSpan.FromSeconds(10));
            Assert.Equal("dev-e", Assert.Single(entries).Message.DeviceId);
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AReaderNeverSeesANumberBeforeALowerOneOfConcurrentWriters()
    {
        // Two silos' writers append to one queue at once while its reader reads: numbers are taken inside the writing
        // transactions, so a reader that skipped past an uncommitted lower number would lose that entry for good.
        // One set of wake-up flags for both writers stands for the notifications between silos (tested on their own
        // above): without it the reader would wait out its safety period for the other writer's entries.
        var wakeups = new QueueWakeups(Options.Create(new DeviceStreamOptions { QueueCount = Queues }));
        // Small batches make many transactions, so the two writers interleave many times.
        var first = Start(_database, wakeups, batchSize: 20);
        var other = Start(_database, wakeups, batchSize: 20);
        await first.StartAsync(CancellationToken.None);
        await other.StartAsync(CancellationToken.None);
        var reader = first.OpenReader(0);
        await reader.InitializeAsync(CancellationToken.None);
        var seen = new List<long>();
        try
        {
            var writing = Task.WhenAll(
                Task.WhenAll(Enumerable.Range(0, 1500).Select(i => first.EnqueueAsync(0, Message($"a-{i % 50}", i), CancellationToken.None))),
                Task.WhenAll(Enumerable.Range(0, 1500).Select(i => other.EnqueueAsync(0, Message($"b-{i % 50}", i), CancellationToken.None))));
            while (!writing.IsCompleted)
            {
                seen.AddRange((await reader.ReadAsync(100, CancellationToken.None)).Select(e => e.Sequence));
            }

            await writing;
        }
        finally
        {
            await first.StopAsync(CancellationToken.None);
            await other.StopAsync(CancellationToken.None);
        }

        IReadOnlyList<LoggedDeviceMessage> more;
        while ((more = await reader.ReadAsync(1000, CancellationToken.None)).Count > 0)
        {
            seen.AddRange(more.Select(e => e.Sequence));
        }

        Assert.Equal(3000, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(3000, seen.Distinct().Count());
    }

    [Fact]
    public async Task HostileTextIsStoredAndReadLiterally()
    {
        string[] texts = ["'; DROP TABLE dtn_device_messages; --", "\"quoted\" \\ back\\slash", "unicode ✓ é 漢字 🚀", "{\"nested\":1}", "\t\n"];
        var values = texts.Select((text, i) => new NamedValue($"f{i}", FieldValue.FromText(text))).ToArray();
        var message = new DeviceMessage("hostile", DeviceMessageKind.Telemetry, T0, T0, "it's", values, null);
        await _log.EnqueueAsync(0, message, CancellationToken.None);

        var read = Assert.Single(await _log.ReadAfterAsync("hostile", 0, CancellationToken.None)).Message;

        Assert.Equal(values.OrderBy(v => v.Name), read.Values.OrderBy(v => v.Name));
        Assert.Equal("it's", read.DeviceType);
    }

    [Fact]
    public async Task DeletingATwinsEntriesUpToItsLastLeavesLaterEntriesAndOtherTwinsAlone()
    {
        await _log.EnqueueAsync(0, Message("gone", 1), CancellationToken.None);
        await _log.EnqueueAsync(0, Message("gone", 2), CancellationToken.None);
        await _log.EnqueueAsync(0, Message("kept", 1), CancellationToken.None);
        var last = await _log.LastSequenceAsync("gone", CancellationToken.None);
        await _log.EnqueueAsync(0, Message("gone", 3), CancellationToken.None);

        await _log.DeleteAsync("gone", last, CancellationToken.None);

        var left = Assert.Single(await _log.ReadAfterAsync("gone", 0, CancellationToken.None));
        Assert.True(left.Sequence > last);
        Assert.Single(await _log.ReadAfterAsync("kept", 0, CancellationToken.None));
        Assert.Equal(0, await _log.LastSequenceAsync("never-logged", CancellationToken.None));
    }

    [Fact]
    public async Task WithTheDatabaseUnreachableTheLogDoesNotStartAndAnAppendFails()
    {
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Timeout=2");
        var log = Start(unreachable);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => log.StartAsync(CancellationToken.None));

        // Stopping drains what was queued, writing it: the write fails, and so does its append.
        var append = log.EnqueueAsync(0, Message("lost", 1), CancellationToken.None);
        await log.StopAsync(CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => append);
    }

    [Fact]
    public async Task ALogWithAnotherQueueCountThanTheDatabasesRefusesToStart()
    {
        var streams = Options.Create(new DeviceStreamOptions { QueueCount = Queues * 2 });
        var other = new PostgresDeviceMessageLog(_database, new QueueWakeups(streams), Options.Create(new PostgresOptions()), streams, NullLogger<PostgresDeviceMessageLog>.Instance);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => other.StartAsync(CancellationToken.None));

        Assert.Contains($"Streams:QueueCount is {Queues * 2}", refused.Message);
        Assert.Contains($"made with {Queues}", refused.Message);
        await other.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AReaderWhoseStartFailedResumesAfterTheCheckpointOnItsFirstRead()
    {
        var read = await DeliverTwoOfAsync(2, "dev-f", 3);

        // The pulling agent reads from a receiver whose start failed: this one never got to InitializeAsync.
        var next = _log.OpenReader(2);

        Assert.Equal(read.Skip(2).Select(e => e.Sequence), (await next.ReadAsync(10, CancellationToken.None)).Select(e => e.Sequence));
    }

    /// <summary>
    /// Queues <paramref name="count"/> messages, and has a reader read them all, deliver the first two and stop, as the
    /// queue's owner does when the queue moves: the checkpoint is then after the second.
    /// </summary>
    private async Task<IReadOnlyList<LoggedDeviceMessage>> DeliverTwoOfAsync(int queue, string device, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await _log.EnqueueAsync(queue, Message(device, i), CancellationToken.None);
        }

        var owner = _log.OpenReader(queue);
        await owner.InitializeAsync(CancellationToken.None);
        var read = await owner.ReadAsync(10, CancellationToken.None);
        await owner.DeliveredAsync(read[1].Sequence, CancellationToken.None);
        await owner.StopAsync(CancellationToken.None);
        return read;
    }

    private static PostgresDeviceMessageLog Start(NpgsqlDataSource database, QueueWakeups? wakeups = null, TimeSpan? safetyReadPeriod = null, int? batchSize = null, TimeSpan? idleWait = null)
    {
        var streams = Options.Create(new DeviceStreamOptions
        {
            QueueCount = Queues,
            SafetyReadPeriod = safetyReadPeriod ?? TimeSpan.FromSeconds(1),
            IdleWait = idleWait ?? TimeSpan.Zero,
        });
        var postgres = new PostgresOptions();
        postgres.LogBatchSize = batchSize ?? postgres.LogBatchSize;
        return new(database, wakeups ?? new QueueWakeups(streams), Options.Create(postgres), streams, NullLogger<PostgresDeviceMessageLog>.Instance);
    }

    private static async Task<IReadOnlyList<LoggedDeviceMessage>> Eventually(Func<Task<IReadOnlyList<LoggedDeviceMessage>>> read, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var entries = await read();
            if (entries.Count > 0 || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(20);
        }
    }

    private static DeviceMessage Message(string device, int sequence)
    {
        var time = T0.AddSeconds(sequence);
        NamedValue[] values =
        [
            new("temperature", FieldValue.FromNumber(20.5 + sequence)),
            new("door_open", FieldValue.FromBoolean(sequence % 2 == 0)),
            new("mode", FieldValue.FromText("eco")),
        ];
        return new DeviceMessage(device, DeviceMessageKind.Telemetry, time, time.AddMilliseconds(5), "sensor", values, null);
    }
}
