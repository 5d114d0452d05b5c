namespace DigitalTwin.Ingest.Mqtt;

/// <summary>
/// The QoS 1 messages of one connection awaiting their PUBACK: at most <see cref="Capacity"/>, each under a packet
/// id from 1 to <see cref="Capacity"/> that is reused once its PUBACK is back (MQTT only forbids reusing an id
/// still in flight). Acknowledgements may arrive in any order. Thread-safe: a pacer may take ids while the
/// connection's receive loop completes them.
/// </summary>
public sealed class InFlightWindow
{
    private readonly Lock _gate = new();
    private readonly ushort[] _free;
    private readonly long[] _seqById;
    private int _freeCount;

    public InFlightWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, ushort.MaxValue);
        Capacity = capacity;
        _seqById = new long[capacity + 1];

        // Lowest id on top, so the first messages go out as 1, 2, 3...
        _free = [.. Enumerable.Range(1, capacity).Reverse().Select(id => (ushort)id)];
        _freeCount = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return Capacity - _freeCount;
            }
        }
    }

    /// <summary>Puts <paramref name="seq"/> in flight under a free packet id; 0 when the window is full.</summary>
    public ushort TryAdd(long seq)
    {
        lock (_gate)
        {
            if (_freeCount == 0)
            {
                return 0;
            }

            var id = _free[--_freeCount];
            _seqById[id] = seq;
            return id;
        }
    }

    /// <summary>Ends <paramref name="packetId"/>'s flight; false when no message is in flight under it (a stray or repeated PUBACK).</summary>
    public bool TryComplete(ushort packetId, out long seq)
    {
        lock (_gate)
        {
            seq = packetId <= Capacity ? _seqById[packetId] : 0;
            if (seq == 0)
            {
                return false;
            }

            _seqById[packetId] = 0;
            _free[_freeCount++] = packetId;
            return true;
        }
    }

    /// <summary>Empties the window (the connection was lost); returns the seqs that were still in flight.</summary>
    public long[] Clear()
    {
        lock (_gate)
        {
            var lost = _seqById.Where(seq => seq != 0).ToArray();
            Array.Clear(_seqById);
            _free.AsSpan().Clear();
            for (var id = Capacity; id >= 1; id--)
            {
                _free[Capacity - id] = (ushort)id;
            }

            _freeCount = Capacity;
            return lost;
        }
    }
}
