namespace DigitalTwin.DeviceSimulator.Packets;

/// <summary>
/// One device's packets still to be sent, in time order: traffic sources add packets at any future time (a session's
/// close minutes after it opened, a handshake that crosses into the next window), and each window takes the packets
/// that fall in it. Packets at the same microsecond leave in the order they were added, so runs are deterministic.
/// A train is split where it crosses a window boundary, since a window must see only its own packets.
/// </summary>
public sealed class PacketSchedule(long windowMicros)
{
    private readonly PriorityQueue<SimulatedPacket, (long Time, long Order)> _queue = new();
    private long _order;
    private long _silentFrom = long.MaxValue, _silentTo = long.MinValue;

    public int Count => _queue.Count;

    public void Add(SimulatedPacket packet)
    {
        if (packet.Count <= 0 || packet.TimeMicros >= _silentFrom && packet.TimeMicros < _silentTo)
        {
            return;
        }

        if (packet.Count > 1 && packet.IntervalMicros > 0)
        {
            var boundary = (packet.TimeMicros / windowMicros + 1) * windowMicros;
            if (packet.LastMicros >= boundary)
            {
                // The packets before the boundary, then the rest as a train of its own.
                var before = (int)((boundary - packet.TimeMicros + packet.IntervalMicros - 1) / packet.IntervalMicros);
                var rest = packet;
                rest.Count = packet.Count - before;
                rest.Headers = packet.Headers.InTrain(before, packet.IntervalMicros);
                packet.Count = before;
                Enqueue(packet);
                Add(rest);
                return;
            }
        }

        Enqueue(packet);
    }

    /// <summary>
    /// The device is off the network from <paramref name="fromMicros"/> to <paramref name="toMicros"/> (rebooting, out
    /// of Wi-Fi, powered off): packets added for that span, its normal traffic's and an anomaly's alike, never reach
    /// the wire.
    /// </summary>
    public void Silence(long fromMicros, long toMicros)
    {
        _silentFrom = fromMicros;
        _silentTo = toMicros;
    }

    /// <summary>Moves the packets sent before <paramref name="endMicros"/> into <paramref name="into"/>, in time order.</summary>
    public void TakeBefore(long endMicros, List<SimulatedPacket> into)
    {
        while (_queue.TryPeek(out _, out var key) && key.Time < endMicros)
        {
            into.Add(_queue.Dequeue());
        }
    }

    private void Enqueue(in SimulatedPacket packet)
    {
        if (packet.Count > 0)
        {
            _queue.Enqueue(packet, (packet.TimeMicros, _order++));
        }
    }
}
