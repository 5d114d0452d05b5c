using System.Collections.Concurrent;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>
/// Where the API clients and the devices meet: the clients choose each command's id and note when they sent it,
/// the devices note when it arrived and when they acked. Commands the bench did not send itself (a job's) are
/// only counted, with the time of the first and the last to arrive.
/// </summary>
public sealed class CommandLedger
{
    private readonly ConcurrentDictionary<string, CommandTiming> _sent = new(StringComparer.Ordinal);
    private long _duplicates;
    private long _foreignReceived;
    private long _firstForeignAt = long.MaxValue;
    private long _lastForeignAt;
    private long _acksConfirmed;
    private long _acksConfirmedInWindow;
    private MeasurementWindow? _window;

    /// <summary>Commands that arrived at a device more than once.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Commands the devices received that no client of the bench sent (a job's).</summary>
    public long ForeignReceived => Interlocked.Read(ref _foreignReceived);

    public long FirstForeignAt => Interlocked.Read(ref _firstForeignAt);

    public long LastForeignAt => Interlocked.Read(ref _lastForeignAt);

    /// <summary>Acks the broker acknowledged (PUBACK success: the twin has recorded the outcome).</summary>
    public long AcksConfirmed => Interlocked.Read(ref _acksConfirmed);

    /// <summary>Acks whose PUBACK arrived inside the current scenario's window.</summary>
    public long AcksConfirmedInWindow => Interlocked.Read(ref _acksConfirmedInWindow);

    /// <summary>Forgets the previous scenario and counts acks against <paramref name="window"/> from now on.</summary>
    public void Begin(MeasurementWindow window)
    {
        _sent.Clear();
        Interlocked.Exchange(ref _duplicates, 0);
        Interlocked.Exchange(ref _foreignReceived, 0);
        Interlocked.Exchange(ref _firstForeignAt, long.MaxValue);
        Interlocked.Exchange(ref _lastForeignAt, 0);
        Interlocked.Exchange(ref _acksConfirmed, 0);
        Interlocked.Exchange(ref _acksConfirmedInWindow, 0);
        Volatile.Write(ref _window, window);
    }

    public CommandTiming Register(string commandId, long sentAt)
    {
        var timing = new CommandTiming(sentAt);
        _sent[commandId] = timing;
        return timing;
    }

    public void Forget(string commandId) => _sent.TryRemove(commandId, out _);

    public void MarkReceived(string commandId, long at)
    {
        if (_sent.TryGetValue(commandId, out var timing))
        {
            if (!timing.MarkReceived(at))
            {
                Interlocked.Increment(ref _duplicates);
            }

            return;
        }

        Interlocked.Increment(ref _foreignReceived);
        InterlockedMin(ref _firstForeignAt, at);
        InterlockedMax(ref _lastForeignAt, at);
    }

    public void MarkAckPublished(string commandId, long at)
    {
        if (_sent.TryGetValue(commandId, out var timing))
        {
            timing.MarkAckPublished(at);
        }
    }

    public void MarkAckConfirmed(long at)
    {
        Interlocked.Increment(ref _acksConfirmed);
        if (Volatile.Read(ref _window) is { } window && window.Contains(at))
        {
            Interlocked.Increment(ref _acksConfirmedInWindow);
        }
    }

    private static void InterlockedMin(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
