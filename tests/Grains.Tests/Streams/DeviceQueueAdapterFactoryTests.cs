using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Streams;
using DigitalTwin.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Streams;

/// <summary>
/// Publishing to a device's stream puts the message into the one queue the device hashes to, where that queue's
/// receiver finds it; anything the queues cannot hold in order is refused.
/// </summary>
public sealed class DeviceQueueAdapterFactoryTests
{
    private const int QueueCount = 4;

    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ADevicesMessagesAllGoToItsQueueAndReachThatQueuesReceiver()
    {
        var adapter = CreateAdapter();
        var devices = Enumerable.Range(0, 12).Select(_ => DeviceIds.New()).ToList();
        var sent = devices.ToDictionary(device => device, _ => new List<DeviceMessage>());
        for (var round = 0; round < 3; round++)
        {
            foreach (var device in devices)
            {
                var message = Telemetry(device, At.AddSeconds(round), Number("reading", round));
                sent[device].Add(message);
                await adapter.QueueMessageBatchAsync(DeviceStreams.For(device), [message], null, null);
            }
        }

        var mapper = adapter.GetStreamQueueMapper();
        var received = devices.ToDictionary(device => device, _ => new List<DeviceMessage>());
        var queuesUsed = new HashSet<QueueId>();
        foreach (var queue in mapper.GetAllQueues())
        {
            foreach (var batch in await adapter.CreateReceiver(queue).GetQueueMessagesAsync(100, CancellationToken.None))
            {
                Assert.Equal(queue, mapper.GetQueueForStream(batch.StreamId));
                queuesUsed.Add(queue);
                received[batch.StreamId.GetKeyAsString()].AddRange(batch.GetEvents<DeviceMessage>().Select(e => e.Item1));
            }
        }

        // Twelve devices over four queues: were they all in one, the hashing would not be tested.
        Assert.True(queuesUsed.Count > 1, $"all devices hashed to {queuesUsed.Count} queue(s)");
        Assert.All(devices, device => Assert.Equal(sent[device], received[device]));
    }

    [Fact]
    public async Task ABatchOfSeveralMessagesIsQueuedInItsOrder()
    {
        var adapter = CreateAdapter();
        var device = DeviceIds.New();
        List<DeviceMessage> messages = [.. Enumerable.Range(0, 3).Select(i => Telemetry(device, At.AddSeconds(i), Number("reading", i)))];

        await adapter.QueueMessageBatchAsync(DeviceStreams.For(device), messages, null, null);

        var queue = adapter.GetStreamQueueMapper().GetQueueForStream(DeviceStreams.For(device));
        var batches = await adapter.CreateReceiver(queue).GetQueueMessagesAsync(100, CancellationToken.None);
        Assert.Equal(messages, batches.SelectMany(batch => batch.GetEvents<DeviceMessage>()).Select(e => e.Item1));
    }

    [Fact]
    public async Task APublishWithASequenceTokenIsRefused()
    {
        var adapter = CreateAdapter();
        var device = DeviceIds.New();

        await Assert.ThrowsAsync<ArgumentException>(() => adapter.QueueMessageBatchAsync(
            DeviceStreams.For(device), [Telemetry(device, At, Number("reading", 1))], new EventSequenceTokenV2(1), null));

        Assert.Empty(await ReadEveryQueueAsync(adapter));
    }

    [Fact]
    public async Task AnEventThatIsNotADeviceMessageIsRefused()
    {
        var adapter = CreateAdapter();
        var stream = DeviceStreams.For(DeviceIds.New());

        await Assert.ThrowsAsync<ArgumentException>(() => adapter.QueueMessageBatchAsync(stream, ["not a device message"], null, null));
        await Assert.ThrowsAsync<ArgumentException>(() => adapter.QueueMessageBatchAsync(stream, new List<object> { 1, 2 }, null, null));

        Assert.Empty(await ReadEveryQueueAsync(adapter));
    }

    /// <summary>The factory is its own adapter, as <c>CreateAdapter</c> says: the tests use both sides of it.</summary>
    private static DeviceQueueAdapterFactory CreateAdapter()
    {
        var options = Options.Create(new DeviceStreamOptions { QueueCount = QueueCount });
        var services = new ServiceCollection()
            .AddSingleton<IDeviceQueueStore>(new InMemoryDeviceQueues(options))
            .AddSingleton(options)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .BuildServiceProvider();
        return DeviceQueueAdapterFactory.Create(services, DeviceStreams.ProviderName);
    }

    private static async Task<List<IBatchContainer>> ReadEveryQueueAsync(DeviceQueueAdapterFactory adapter)
    {
        var read = new List<IBatchContainer>();
        foreach (var queue in adapter.GetStreamQueueMapper().GetAllQueues())
        {
            read.AddRange(await adapter.CreateReceiver(queue).GetQueueMessagesAsync(100, CancellationToken.None));
        }

        return read;
    }
}
