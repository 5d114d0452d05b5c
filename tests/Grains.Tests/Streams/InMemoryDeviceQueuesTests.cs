using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Streams;
using DigitalTwin.Grains.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Streams;

/// <summary>
/// In-memory mode's queues: each keeps its order and numbers, and a full one holds its publishers (and so their
/// devices' PUBACKs) back until its reader takes a message.
/// </summary>
public sealed class InMemoryDeviceQueuesTests
{
    /// <summary>The smallest capacity the validator allows: a full queue without thousands of messages.</summary>
    private const int Capacity = 16;

    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AQueueIsReadInTheOrderWrittenInBatchesOfAtMostMaxCountWithRisingSequences()
    {
        var queues = Create(queueCount: 1);
        var written = Readings(DeviceIds.New(), 5);
        foreach (var message in written)
        {
            await queues.EnqueueAsync(0, message, CancellationToken.None);
        }

        var reader = queues.OpenReader(0);
        var first = await reader.ReadAsync(2, CancellationToken.None);
        var second = await reader.ReadAsync(2, CancellationToken.None);
        var third = await reader.ReadAsync(2, CancellationToken.None);
        var drained = await reader.ReadAsync(2, CancellationToken.None);

        Assert.Equal([2, 2, 1, 0], new[] { first.Count, second.Count, third.Count, drained.Count });
        var read = first.Concat(second).Concat(third).ToList();
        Assert.Equal(written, read.Select(entry => entry.Message));
        Assert.Equal([1L, 2, 3, 4, 5], read.Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task AReaderOpenedAgainGoesOnFromTheLastSequenceItsQueueGave()
    {
        var queues = Create(queueCount: 1);
        var written = Readings(DeviceIds.New(), 4);
        await queues.EnqueueAsync(0, written[0], CancellationToken.None);
        await queues.EnqueueAsync(0, written[1], CancellationToken.None);
        var before = await queues.OpenReader(0).ReadAsync(10, CancellationToken.None);

        // A pulling agent restarted opens a new reader; a twin skips what it holds by number, so numbers must not repeat.
        await queues.EnqueueAsync(0, written[2], CancellationToken.None);
        await queues.EnqueueAsync(0, written[3], CancellationToken.None);
        var after = await queues.OpenReader(0).ReadAsync(10, CancellationToken.None);

        Assert.Equal([1L, 2], before.Select(entry => entry.Sequence));
        Assert.Equal([3L, 4], after.Select(entry => entry.Sequence));
        Assert.Equal(written[2..], after.Select(entry => entry.Message));
    }

    [Fact]
    public async Task QueuesAreIndependent()
    {
        var queues = Create(queueCount: 2);
        var first = Readings(DeviceIds.New(), 2);
        var second = Readings(DeviceIds.New(), 3);
        await queues.EnqueueAsync(0, first[0], CancellationToken.None);
        await queues.EnqueueAsync(1, second[0], CancellationToken.None);
        await queues.EnqueueAsync(1, second[1], CancellationToken.None);
        await queues.EnqueueAsync(0, first[1], CancellationToken.None);
        await queues.EnqueueAsync(1, second[2], CancellationToken.None);

        var readFirst = await queues.OpenReader(0).ReadAsync(10, CancellationToken.None);
        var readSecond = await queues.OpenReader(1).ReadAsync(10, CancellationToken.None);

        Assert.Equal(first, readFirst.Select(entry => entry.Message));
        Assert.Equal(second, readSecond.Select(entry => entry.Message));
        Assert.Equal([1L, 2], readFirst.Select(entry => entry.Sequence));
        Assert.Equal([1L, 2, 3], readSecond.Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task AFullQueueHoldsThePublisherUntilItsReaderTakesAMessage()
    {
        var queues = Create(queueCount: 2);
        var messages = Readings(DeviceIds.New(), Capacity + 1);
        foreach (var message in messages.Take(Capacity))
        {
            await queues.EnqueueAsync(0, message, CancellationToken.None);
        }

        var waiting = queues.EnqueueAsync(0, messages[Capacity], CancellationToken.None);
        var otherQueue = queues.EnqueueAsync(1, Readings(DeviceIds.New(), 1)[0], CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        Assert.True(otherQueue.IsCompleted);
        var reader = queues.OpenReader(0);
        var taken = await reader.ReadAsync(1, CancellationToken.None);
        await waiting.WaitAsync(Bounded);

        Assert.Equal(messages[0], Assert.Single(taken).Message);
        var rest = await reader.ReadAsync(Capacity + 1, CancellationToken.None);
        Assert.Equal(messages.Skip(1), rest.Select(entry => entry.Message));
    }

    [Fact]
    public async Task AWaitingPublisherCanBeCancelledAndItsMessageIsNotQueued()
    {
        var queues = Create(queueCount: 1);
        var messages = Readings(DeviceIds.New(), Capacity + 1);
        foreach (var message in messages.Take(Capacity))
        {
            await queues.EnqueueAsync(0, message, CancellationToken.None);
        }

        using var cancellation = new CancellationTokenSource();
        var waiting = queues.EnqueueAsync(0, messages[Capacity], cancellation.Token);
        Assert.False(waiting.IsCompleted);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bounded));
        var read = await queues.OpenReader(0).ReadAsync(Capacity + 1, CancellationToken.None);
        Assert.Equal(messages.Take(Capacity), read.Select(entry => entry.Message));
    }

    [Fact]
    public async Task AReadOfAnEmptyQueueTakesAMessageAddedWhileItWaits()
    {
        // A wait far longer than the test's bound: only the added message can end it in time.
        var queues = Create(queueCount: 2, idleWait: TimeSpan.FromMinutes(5));
        var reader = queues.OpenReader(1);
        var reading = reader.ReadAsync(10, CancellationToken.None);
        await queues.EnqueueAsync(0, Readings(DeviceIds.New(), 1)[0], CancellationToken.None);
        Assert.False(reading.IsCompleted);

        var message = Readings(DeviceIds.New(), 1)[0];
        await queues.EnqueueAsync(1, message, CancellationToken.None);

        Assert.Equal(message, Assert.Single(await reading.WaitAsync(Bounded)).Message);
    }

    [Fact]
    public async Task AReadOfAnEmptyQueueIsEmptyAfterTheIdleWait()
    {
        var queues = Create(queueCount: 1, idleWait: TimeSpan.FromMilliseconds(20));

        Assert.Empty(await queues.OpenReader(0).ReadAsync(10, CancellationToken.None).WaitAsync(Bounded));
    }

    [Fact]
    public async Task AWaitingReadEndsEmptyWhenCancelled()
    {
        var queues = Create(queueCount: 1, idleWait: TimeSpan.FromMinutes(5));
        using var cancellation = new CancellationTokenSource();
        var reading = queues.OpenReader(0).ReadAsync(10, cancellation.Token);
        Assert.False(reading.IsCompleted);

        await cancellation.CancelAsync();

        Assert.Empty(await reading.WaitAsync(Bounded));
    }

    private static InMemoryDeviceQueues Create(int queueCount, TimeSpan? idleWait = null) =>
        new(Options.Create(new DeviceStreamOptions { QueueCount = queueCount, QueueCapacity = Capacity, IdleWait = idleWait ?? TimeSpan.Zero }));

    /// <summary>Distinct readings of one device, a second apart, so a message out of order cannot pass for another.</summary>
    private static List<DeviceMessage> Readings(string deviceId, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Telemetry(deviceId, At.AddSeconds(i), Number("reading", i)))];
}
