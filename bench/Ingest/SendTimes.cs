using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>
/// When each of one device's messages left, by seq (1, 2, 3...), kept for the whole run: the PUBACK and the twin
/// update are timed against it, and the report counts the messages sent inside the window. Stored in chunks so it
/// grows without copying and the update listener can read while the device writes: one writer (the device's
/// sender), readers on other threads. Taking a time negates it, so it still counts for the window but matches once.
/// </summary>
public sealed class SendTimes
{
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;

    private long[][] _chunks = [new long[ChunkSize]];
    private long _count;

    /// <summary>Records when <paramref name="seq"/> left; seqs come in order, starting at 1.</summary>
    public void Record(long seq, long sentAt)
    {
        var chunk = (int)(seq >> ChunkBits);
        var chunks = _chunks;
        if (chunk >= chunks.Length)
        {
            chunks = [.. chunks, new long[ChunkSize]];
            Volatile.Write(ref _chunks, chunks);
        }

        chunks[chunk][seq & (ChunkSize - 1)] = sentAt;
        Volatile.Write(ref _count, seq);
    }

    /// <summary>The send time of <paramref name="seq"/>, taken or not; false when it was never recorded.</summary>
    public bool TryGet(long seq, out long sentAt)
    {
        sentAt = seq >= 1 && seq <= Volatile.Read(ref _count) ? Math.Abs(Volatile.Read(ref Slot(seq))) : 0;
        return sentAt != 0;
    }

    /// <summary>Takes the send time of <paramref name="seq"/> once; false when unknown or already taken (a duplicate update).</summary>
    public bool TryTake(long seq, out long sentAt)
    {
        sentAt = 0;
        if (seq < 1 || seq > Volatile.Read(ref _count))
        {
            return false;
        }

        ref var slot = ref Slot(seq);
        while (true)
        {
            var value = Volatile.Read(ref slot);
            if (value <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref slot, -value, value) == value)
            {
                sentAt = value;
                return true;
            }
        }
    }

    /// <summary>Forgets <paramref name="seq"/> (its publish failed), so no update is matched to it.</summary>
    public void Forget(long seq) => TryTake(seq, out _);

    /// <summary>Messages sent inside <paramref name="window"/>, taken or not; call once sending has stopped.</summary>
    public int CountWithin(MeasurementWindow window)
    {
        var count = 0;
        var last = Volatile.Read(ref _count);
        for (var seq = 1L; seq <= last; seq++)
        {
            if (window.Contains(Math.Abs(Volatile.Read(ref Slot(seq)))))
            {
                count++;
            }
        }

        return count;
    }

    private ref long Slot(long seq) => ref Volatile.Read(ref _chunks)[seq >> ChunkBits][seq & (ChunkSize - 1)];
}
