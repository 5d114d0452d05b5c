using DigitalTwin.Grains.MessageLog;

namespace DigitalTwin.Grains.Streams;

/// <summary>Reads one device message queue in order and remembers how far its messages were delivered.</summary>
public interface IDeviceQueueReader
{
    /// <summary>Finds where reading resumes (the last checkpoint of a durable queue).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The next messages, at most <paramref name="maxCount"/>, in sequence order. When there are none it waits up to
    /// <see cref="DeviceStreamOptions.IdleWait"/> for some (or until cancelled), and is empty if none came.
    /// </summary>
    Task<IReadOnlyList<LoggedDeviceMessage>> ReadAsync(int maxCount, CancellationToken cancellationToken);

    /// <summary>Every message up to <paramref name="sequence"/> reached its twin: a durable queue need not deliver them again.</summary>
    Task DeliveredAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>Stops reading; the reader is not used again.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
