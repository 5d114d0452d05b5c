using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Streams;

/// <summary>
/// One flag per device queue: raised when messages were added to the queue (by this silo at once; in PostgreSQL mode
/// by another silo through a notification), taken by the queue's reader before it reads. An idle queue then costs its
/// pulling agent a look at a flag, not a query; and a reader that found its queue empty waits on the flag
/// (<see cref="WaitAsync"/>) instead of for the pulling agent's next poll, so a message is read as soon as it is added.
/// </summary>
public sealed class QueueWakeups
{
    private readonly int[] _flags;
    private readonly TaskCompletionSource?[] _waiters;

    /// <summary>Every queue starts raised, so each reader looks once.</summary>
    public QueueWakeups(IOptions<DeviceStreamOptions> options)
    {
        _flags = new int[options.Value.QueueCount];
        _waiters = new TaskCompletionSource?[_flags.Length];
        Array.Fill(_flags, 1);
    }

    public void Raise(int queue)
    {
        // Already raised: any waiter in place was completed by the raise that raised it.
        if ((uint)queue < (uint)_flags.Length && Volatile.Read(ref _flags[queue]) == 0)
        {
            Volatile.Write(ref _flags[queue], 1);
            Interlocked.Exchange(ref _waiters[queue], null)?.TrySetResult();
        }
    }

    /// <summary>After a notification may have been missed (the listening connection dropped): every queue looks again.</summary>
    public void RaiseAll()
    {
        for (var queue = 0; queue < _flags.Length; queue++)
        {
            Raise(queue);
        }
    }

    /// <summary>Whether the queue was raised since it was last taken; lowers it.</summary>
    public bool Take(int queue)
    {
        return (uint)queue < (uint)_flags.Length && Interlocked.Exchange(ref _flags[queue], 0) == 1;
    }

    /// <summary>
    /// Completes when the queue is raised, at once if it already is, or after <paramref name="timeout"/> or on
    /// cancellation, whichever comes first; never throws. The flag stays raised for <see cref="Take"/>.
    /// </summary>
    public async Task WaitAsync(int queue, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if ((uint)queue >= (uint)_flags.Length || timeout <= TimeSpan.Zero)
        {
            return;
        }

        var waiter = Volatile.Read(ref _waiters[queue]);
        if (waiter is null)
        {
            // Continuations run asynchronously: the reader's continuation must not run on the publisher's thread.
            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiter = Interlocked.CompareExchange(ref _waiters[queue], created, null) ?? created;
        }

        // Looked at after the waiter is in place: a raise before this line is seen here, one after it completes the waiter.
        if (Volatile.Read(ref _flags[queue]) == 1)
        {
            return;
        }

        // The reader resumes on its pulling agent's scheduler, whose state is not thread-safe.
        await waiter.Task.WaitAsync(timeout, cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
    }
}
