using Orleans.Streams;

namespace DigitalTwin.Grains.Streams;

/// <summary>
/// For queues that live in each silo's own memory: every silo reads all of its queues, since no other silo can. The
/// twins a silo's queues deliver to may live anywhere in the cluster.
/// </summary>
internal sealed class LocalQueueBalancer : IStreamQueueBalancer
{
    private IReadOnlyList<QueueId> _queues = [];

    public Task Initialize(IStreamQueueMapper queueMapper)
    {
        _queues = [.. queueMapper.GetAllQueues()];
        return Task.CompletedTask;
    }

    public Task Shutdown() => Task.CompletedTask;

    public IEnumerable<QueueId> GetMyQueues() => _queues;

    /// <summary>The distribution never changes, so there is nothing to tell a listener.</summary>
    public bool SubscribeToQueueDistributionChangeEvents(IStreamQueueBalanceListener observer) => true;

    public bool UnSubscribeFromQueueDistributionChangeEvents(IStreamQueueBalanceListener observer) => true;
}
