using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Streams;

/// <summary>
/// Where the device message queues behind <see cref="DeviceStreams"/> live: silo memory, or the PostgreSQL message log.
/// </summary>
public interface IDeviceQueueStore
{
    /// <summary>
    /// True when every silo sees every queue (a database), so the queues are spread over the silos; false when each
    /// silo's queues are its own (memory), so each silo reads all of its queues.
    /// </summary>
    bool IsShared { get; }

    /// <summary>
    /// Adds the message to its queue and completes once it is as durable as the store makes it; waits while the queue
    /// is full. A queue is read in the order its messages were added; a device always maps to one queue, and a
    /// device's next message is added only after its previous one completed, so each device's messages stay in order.
    /// </summary>
    Task EnqueueAsync(int queue, DeviceMessage message, CancellationToken cancellationToken);

    /// <summary>A reader of one queue, for the silo whose pulling agent owns it.</summary>
    IDeviceQueueReader OpenReader(int queue);
}
