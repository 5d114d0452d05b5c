using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.Streams;

namespace DigitalTwin.Grains.Tests.Streams;

/// <summary>
/// A queue reader for tests: hands out the entries it was given, as many as asked at a time, and remembers what it
/// was asked for and the checkpoints it was told.
/// </summary>
public sealed class RecordingQueueReader(params LoggedDeviceMessage[] entries) : IDeviceQueueReader
{
    private readonly Queue<LoggedDeviceMessage> _pending = new(entries);

    public List<int> MaxCounts { get; } = [];

    public List<long> Delivered { get; } = [];

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<LoggedDeviceMessage>> ReadAsync(int maxCount, CancellationToken cancellationToken)
    {
        MaxCounts.Add(maxCount);
        var batch = new List<LoggedDeviceMessage>();
        while (batch.Count < maxCount && _pending.TryDequeue(out var entry))
        {
            batch.Add(entry);
        }

        return Task.FromResult<IReadOnlyList<LoggedDeviceMessage>>(batch);
    }

    public Task DeliveredAsync(long sequence, CancellationToken cancellationToken)
    {
        Delivered.Add(sequence);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
