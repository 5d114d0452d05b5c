using System.Threading.Channels;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.MessageLog;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Streams;

/// <summary>
/// In-memory mode: each queue is a bounded channel in this silo. A full queue makes publishers wait, and so their
/// devices wait for their PUBACKs, instead of dropping or failing messages. Nothing survives the silo; sequence
/// numbers are given as messages are read.
/// </summary>
internal sealed class InMemoryDeviceQueues : IDeviceQueueStore
{
    private readonly Channel<DeviceMessage>[] _queues;

    public InMemoryDeviceQueues(IOptions<DeviceStreamOptions> options)
    {
        var settings = options.Value;
        _queues = new Channel<DeviceMessage>[settings.QueueCount];
        for (var i = 0; i < _queues.Length; i++)
        {
            _queues[i] = Channel.CreateBounded<DeviceMessage>(new BoundedChannelOptions(settings.QueueCapacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
        }
    }

    public bool IsShared => false;

    public Task EnqueueAsync(int queue, DeviceMessage message, CancellationToken cancellationToken)
    {
        var writer = _queues[queue].Writer;
        return writer.TryWrite(message) ? Task.CompletedTask : writer.WriteAsync(message, cancellationToken).AsTask();
    }

    public IDeviceQueueReader OpenReader(int queue) => new Reader(_queues[queue].Reader);

    private sealed class Reader(ChannelReader<DeviceMessage> queue) : IDeviceQueueReader
    {
        private long _sequence;

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<LoggedDeviceMessage>> ReadAsync(int maxCount, CancellationToken cancellationToken)
        {
            if (!queue.TryRead(out var first))
            {
                return Task.FromResult<IReadOnlyList<LoggedDeviceMessage>>([]);
            }

            var batch = new List<LoggedDeviceMessage>(Math.Min(maxCount, queue.Count + 1)) { new(++_sequence, first) };
            while (batch.Count < maxCount && queue.TryRead(out var next))
            {
                batch.Add(new LoggedDeviceMessage(++_sequence, next));
            }

            return Task.FromResult<IReadOnlyList<LoggedDeviceMessage>>(batch);
        }

        public Task DeliveredAsync(long sequence, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
