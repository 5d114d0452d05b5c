using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.Streams;
using DigitalTwin.Grains.Tests.Infrastructure;
using Orleans.Streams;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Streams;

/// <summary>
/// The pulling agent's view of a queue: each entry becomes a batch on its device's stream, numbered by the queue, and
/// what the agent purged becomes the reader's checkpoint.
/// </summary>
public sealed class DeviceQueueReceiverTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EntriesBecomeBatchesOnTheirDevicesStreamCarryingTheirSequence()
    {
        var first = Telemetry(DeviceIds.New(), At, Number("reading", 1));
        var second = Telemetry(DeviceIds.New(), At, Number("reading", 2));
        var reader = new RecordingQueueReader(new LoggedDeviceMessage(7, first), new LoggedDeviceMessage(9, second));
        IQueueAdapterReceiver receiver = new DeviceQueueReceiver(reader);

        var batches = await receiver.GetQueueMessagesAsync(10, CancellationToken.None);

        Assert.Equal([10], reader.MaxCounts);
        Assert.Collection(batches,
            batch => AssertCarries(batch, first, 7),
            batch => AssertCarries(batch, second, 9));
    }

    [Fact]
    public async Task AtMostTheAskedNumberOfEntriesIsRead()
    {
        var device = DeviceIds.New();
        var reader = new RecordingQueueReader(
            new LoggedDeviceMessage(1, Telemetry(device, At, Number("reading", 1))),
            new LoggedDeviceMessage(2, Telemetry(device, At.AddSeconds(1), Number("reading", 2))));
        IQueueAdapterReceiver receiver = new DeviceQueueReceiver(reader);

        var first = await receiver.GetQueueMessagesAsync(1, CancellationToken.None);
        var second = await receiver.GetQueueMessagesAsync(1, CancellationToken.None);
        var none = await receiver.GetQueueMessagesAsync(1, CancellationToken.None);

        Assert.Equal(1, Assert.Single(first).SequenceToken.SequenceNumber);
        Assert.Equal(2, Assert.Single(second).SequenceToken.SequenceNumber);
        Assert.Empty(none);
    }

    [Fact]
    public async Task DeliveredBatchesCheckpointTheHighestSequence()
    {
        var device = DeviceIds.New();
        var reader = new RecordingQueueReader();
        IQueueAdapterReceiver receiver = new DeviceQueueReceiver(reader);
        var message = Telemetry(device, At, Number("reading", 1));

        await receiver.MessagesDeliveredAsync([Batch(device, message, 3), Batch(device, message, 7), Batch(device, message, 5)], CancellationToken.None);

        Assert.Equal([7L], reader.Delivered);
    }

    [Fact]
    public async Task NothingDeliveredCheckpointsNothing()
    {
        var reader = new RecordingQueueReader();
        IQueueAdapterReceiver receiver = new DeviceQueueReceiver(reader);

        await receiver.MessagesDeliveredAsync([], CancellationToken.None);

        Assert.Empty(reader.Delivered);
    }

    private static DeviceMessageBatch Batch(string device, DeviceMessage message, long sequence) =>
        new(DeviceStreams.For(device), message, sequence);

    private static void AssertCarries(IBatchContainer batch, DeviceMessage message, long sequence)
    {
        Assert.Equal(DeviceStreams.For(message.DeviceId), batch.StreamId);
        Assert.Equal(sequence, batch.SequenceToken.SequenceNumber);
        var (carried, token) = Assert.Single(batch.GetEvents<DeviceMessage>());
        Assert.Same(message, carried);
        Assert.Equal(sequence, token.SequenceNumber);
        Assert.Empty(batch.GetEvents<string>());
    }
}
