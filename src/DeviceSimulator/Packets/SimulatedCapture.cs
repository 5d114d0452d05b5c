using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.DeviceSimulator.Packets;

/// <summary>
/// The packets a fleet put on the wire, written as one capture file: each device logs its packets (trains as one entry,
/// in time order, warm-up included) and <see cref="Write"/> merges the logs in global time order, expanding each train
/// into its packets (the i-th at its time + i × interval, a TCP segment's sequence number advanced by i × its data
/// length). At equal times the device earlier in the fleet goes first, and a device's packets keep their order, so the
/// file is the same on every run. Frames hold the headers and the DNS and TLS metadata the probe reads; the zero
/// payload after them is left out, as a capture with a snap length leaves it out, while each record keeps the frame's
/// true length (so does the IP header). Logs are held in memory until written: meant for short runs.
/// </summary>
public sealed class SimulatedCapture
{
    private readonly List<SimulatedPacket>[] _logs;

    public SimulatedCapture(int devices) =>
        _logs = Enumerable.Range(0, devices).Select(_ => new List<SimulatedPacket>()).ToArray();

    /// <summary>The log device <paramref name="index"/> appends its packets to (one device per log, so devices may run in parallel).</summary>
    public List<SimulatedPacket> LogOf(int index) => _logs[index];

    /// <summary>Writes the merged capture; returns the packets written and the bytes of the file.</summary>
    public (long Packets, long Bytes) Write(Stream stream)
    {
        var frame = new byte[PacketFrames.MaxLength];
        using var writer = new PcapFileWriter(stream);
        var queue = new PriorityQueue<(int Device, int Entry, int Index), (long Time, int Device, int Entry)>();
        for (var d = 0; d < _logs.Length; d++)
        {
            Enqueue(queue, d, 0, 0);
        }

        long bytes = 24;
        while (queue.TryDequeue(out var item, out var key))
        {
            var packet = _logs[item.Device][item.Entry];
            var headers = packet.Headers.InTrain(item.Index, packet.IntervalMicros);
            var length = PacketFrames.Write(headers, packet.Name, frame, out var content);
            writer.Write(headers.TimeMicros, frame.AsSpan(0, content), length);
            bytes += 16 + content;
            if (item.Index + 1 < packet.Count)
            {
                queue.Enqueue(item with { Index = item.Index + 1 }, key with { Time = key.Time + packet.IntervalMicros });
            }

            if (item.Index == 0)
            {
                // A device's log is in time order: its next entry starts no earlier than this one.
                Enqueue(queue, item.Device, item.Entry + 1, 0);
            }
        }

        return (writer.Records, bytes);
    }

    private void Enqueue(PriorityQueue<(int, int, int), (long, int, int)> queue, int device, int entry, int index)
    {
        var log = _logs[device];
        if (entry < log.Count)
        {
            queue.Enqueue((device, entry, index), (log[entry].TimeMicros, device, entry));
        }
    }
}
