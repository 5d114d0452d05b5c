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
    /// How often an idle pulling agent looks at its queue: one look at a flag (or at the in-memory queue) per queue and
    /// period, about 3 % of a core for 8 queues at 10 ms (measured idle). It bounds the latency a message adds when its
    /// queue was idle; a busy queue is read again at once.
    /// </summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// PostgreSQL mode: how often a queue is read even without a notification, in case one was lost (a dropped
    /// listening connection).
    /// </summary>
    public TimeSpan SafetyReadPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages read from one queue at a time and held until every twin of them has taken them.</summary>
    public int CacheSize { get; set; } = 4096;
}
