using DigitalTwin.Grains.Streams;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Persistence.MessageLog;

/// <summary>
/// One flag per device queue: raised when entries were committed to the queue (by this silo's writer at once, by
/// another silo's through a notification), taken by the queue's reader before it reads. An idle queue then costs its
/// pulling agent a look at a flag, not a query.
/// </summary>
internal sealed class QueueWakeups
{
    private readonly int[] _flags;

    /// <summary>Every queue starts raised, so each reader looks once.</summary>
    public QueueWakeups(IOptions<DeviceStreamOptions> options)
    {
        _flags = new int[options.Value.QueueCount];
        Array.Fill(_flags, 1);
    }

    public void Raise(int queue)
    {
        if ((uint)queue < (uint)_flags.Length)
        {
            Volatile.Write(ref _flags[queue], 1);
        }
    }

    /// <summary>After a notification may have been missed (the listening connection dropped): every queue looks again.</summary>
    public void RaiseAll()
    {
        for (var queue = 0; queue < _flags.Length; queue++)
        {
            Volatile.Write(ref _flags[queue], 1);
        }
    }

    /// <summary>Whether the queue was raised since it was last taken; lowers it.</summary>
    public bool Take(int queue)
    {
        return (uint)queue < (uint)_flags.Length && Interlocked.Exchange(ref _flags[queue], 0) == 1;
    }
}
