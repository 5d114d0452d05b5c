namespace DigitalTwin.Grains.Streams;

/// <summary>The device message queues behind <see cref="DeviceStreams"/> (section <c>Streams</c>).</summary>
public sealed class DeviceStreamOptions
{
    public const string SectionName = "Streams";

    /// <summary>
    /// Queues the devices are spread over by a hash of their id; each is read by one pulling agent on one silo, so
    /// this bounds how many silos share the reading. A device's messages keep their order whatever the count.
    /// </summary>
    public int QueueCount { get; set; } = 8;

    /// <summary>
    /// In-memory mode: messages one queue holds before publishers wait (and so their devices wait for the PUBACK).
    /// With <see cref="CacheSize"/> it bounds how far acknowledgements can run ahead of the twins: at saturation a
    /// message waits behind up to (capacity + cache) × queues others. Smaller is not better: with 1,024 (of either)
    /// the twins' updates stalled for seconds at 5,000 msg/s (docs/benchmarks.md).
    /// </summary>
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>
    /// How often a pulling agent that is not reading starts reading its queue again (Orleans' queue poll timer). A
    /// reading agent that finds its queue empty waits up to <see cref="IdleWait"/> for a message and stops reading
    /// only after that, so this bounds the delay of a message that arrives just then.
    /// </summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How long a reader that found its queue empty waits for a message before it hands back to the pulling agent
    /// (which then purges delivered messages from its cache, checkpoints, and polls again after
    /// <see cref="PollPeriod"/>). A message added while it waits is read at once, not at the next poll.
    /// </summary>
    public TimeSpan IdleWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// PostgreSQL mode: how often a queue is read even without a notification, in case one was lost (a dropped
    /// listening connection).
    /// </summary>
    public TimeSpan SafetyReadPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages read from one queue at a time and held until every twin of them has taken them.</summary>
    public int CacheSize { get; set; } = 4096;
}
