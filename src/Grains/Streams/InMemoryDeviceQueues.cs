using System.Threading.Channels;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.MessageLog;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Streams;

/// <summary>
/// In-memory mode: each queue is a bounded channel in this silo. A full queue makes publishers wait, and so their
/// devices wait for their PUBACKs, instead of dropping or failing messages. Nothing survives the silo; sequence
/// numbers are given as messages are read, and keep rising for the silo's life when a queue's reader is opened again
/// (a twin recognises a delivery it took already by its number).
/// </summary>
internal sealed class InMemoryDeviceQueues : IDeviceQueueStore
{
    private readonly Channel<DeviceMessage>[] _queues;
    private readonly long[] _lastSequences;
    private readonly QueueWakeups _wakeups;
    private readonly TimeSpan _idleWait;

    public InMemoryDeviceQueues(IOptions<DeviceStreamOptions> options)
    {
        var settings = options.Value;
        _wakeups = new QueueWakeups(options);
        _idleWait = settings.IdleWait;
        _queues = new Channel<DeviceMessage>[settings.QueueCount];
        _lastSequences = new long[settings.QueueCount];
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
        if (writer.TryWrite(message))
        {
            _wakeups.Raise(queue);
            return Task.CompletedTask;
        }

        return WaitAndEnqueueAsync(writer, queue, message, cancellationToken);
    }

    public IDeviceQueueReader OpenReader(int queue) => new Reader(_queues[queue].Reader, _wakeups, queue, _idleWait, _lastSequences);

    private async Task WaitAndEnqueueAsync(ChannelWriter<DeviceMessage> writer, int queue, DeviceMessage message, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(message, cancellationToken);
        _wakeups.Raise(queue);
    }

    /// <summary>One queue's only reader at a time: <paramref name="lastSequences"/>[<paramref name="number"/>] is its own.</summary>
    private sealed class Reader(ChannelReader<DeviceMessage> queue, QueueWakeups wakeups, int number, TimeSpan idleWait, long[] lastSequences) : IDeviceQueueReader
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<LoggedDeviceMessage>> ReadAsync(int maxCount, CancellationToken cancellationToken)
        {
            // Lowered before looking: a message added after this raises it again, and ends a wait at once.
            wakeups.Take(number);
            return queue.Count > 0
                ? Task.FromResult(Read(maxCount))
                : WaitAndReadAsync(maxCount, cancellationToken);
        }

        public Task DeliveredAsync(long sequence, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private async Task<IReadOnlyList<LoggedDeviceMessage>> WaitAndReadAsync(int maxCount, CancellationToken cancellationToken)
        {
            await wakeups.WaitAsync(number, idleWait, cancellationToken);
            wakeups.Take(number);
            return Read(maxCount);
        }

        private IReadOnlyList<LoggedDeviceMessage> Read(int maxCount)
        {
            if (!queue.TryRead(out var first))
            {
                return [];
            }

            // Counted in a local and stored once a batch: the queues' counters share a cache line.
            var sequence = lastSequences[number];
            var batch = new List<LoggedDeviceMessage>(Math.Min(maxCount, queue.Count + 1)) { new(++sequence, first) };
            while (batch.Count < maxCount && queue.TryRead(out var next))
            {
                batch.Add(new LoggedDeviceMessage(++sequence, next));
            }

            lastSequences[number] = sequence;
            return batch;
        }
    }
}
