using Orleans.Streams;

namespace DigitalTwin.Grains.Streams;

/// <summary>
/// Orleans' side of one queue's reader: the pulling agent that owns the queue asks it for messages while there are
/// some, and tells it which it purged from its cache once every twin of them had taken them (the checkpoint). The
/// agent cancels a read when it stops, so a reader waiting on an empty queue does not hold up the silo's shutdown.
/// </summary>
internal sealed class DeviceQueueReceiver(IDeviceQueueReader reader) : IQueueAdapterReceiver
{
    public async Task Initialize(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await reader.InitializeAsync(cancellation.Token);
    }

    [Obsolete("Orleans calls the overload with a cancellation token.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        var messages = await reader.ReadAsync(maxCount, cancellationToken);
        if (messages.Count == 0)
        {
            return [];
        }

        var batches = new List<IBatchContainer>(messages.Count);
        foreach (var (sequence, message) in messages)
        {
            batches.Add(new DeviceMessageBatch(DeviceStreams.For(message.DeviceId), message, sequence));
        }

        return batches;
    }

    [Obsolete("Orleans calls the overload with a cancellation token.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        long last = 0;
        foreach (var message in messages)
        {
            last = Math.Max(last, ((DeviceMessageBatch)message).Sequence);
        }

        return last > 0 ? reader.DeliveredAsync(last, cancellationToken) : Task.CompletedTask;
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await reader.StopAsync(cancellation.Token);
    }
}
