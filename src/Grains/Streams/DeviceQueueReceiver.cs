using DigitalTwin.Grains.MessageLog;
using Orleans.Streams;

namespace DigitalTwin.Grains.Streams;

/// <summary>
/// Orleans' side of one queue's reader: the pulling agent that owns the queue asks it for messages while there are
/// some, and tells it which it purged from its cache once every twin of them had taken them (the checkpoint).
/// </summary>
internal sealed class DeviceQueueReceiver(IDeviceQueueReader reader) : IQueueAdapterReceiver
{
    public async Task Initialize(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await reader.InitializeAsync(cancellation.Token);
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        var messages = await reader.ReadAsync(maxCount, CancellationToken.None);
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

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        long last = 0;
        foreach (var message in messages)
        {
            last = Math.Max(last, ((DeviceMessageBatch)message).Sequence);
        }

        return last > 0 ? reader.DeliveredAsync(last, CancellationToken.None) : Task.CompletedTask;
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await reader.StopAsync(cancellation.Token);
    }
}
