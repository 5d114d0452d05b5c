using System.Collections.Concurrent;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.Streams;

namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>
/// The one queue (<c>Streams:QueueCount=1</c>) of a test cluster: it delivers exactly the log entries a test hands it,
/// with their sequences, to whichever pulling agent reads it.
/// </summary>
public sealed class ScriptedDeviceQueue : IDeviceQueueStore
{
    private readonly ConcurrentQueue<LoggedDeviceMessage> _pending = new();

    public bool IsShared => false;

    public void Deliver(LoggedDeviceMessage entry) => _pending.Enqueue(entry);

    /// <summary>Nothing in a test silo publishes: the entries, and their sequences, come from the test.</summary>
    public Task EnqueueAsync(int queue, DeviceMessage message, CancellationToken cancellationToken) =>
        throw new NotSupportedException("a scripted queue delivers what the test hands it (Deliver)");

    public IDeviceQueueReader OpenReader(int queue) => new Reader(_pending);

    private sealed class Reader(ConcurrentQueue<LoggedDeviceMessage> pending) : IDeviceQueueReader
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<LoggedDeviceMessage>> ReadAsync(int maxCount, CancellationToken cancellationToken)
        {
            var batch = new List<LoggedDeviceMessage>();
            while (batch.Count < maxCount && pending.TryDequeue(out var entry))
            {
                batch.Add(entry);
            }

            return Task.FromResult<IReadOnlyList<LoggedDeviceMessage>>(batch);
        }

        public Task DeliveredAsync(long sequence, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
