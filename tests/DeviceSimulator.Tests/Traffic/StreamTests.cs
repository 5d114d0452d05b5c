using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Packets;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Traffic;

public sealed class StreamTests
{
    private const int Resends = 60;
    private const long SpanMicros = 40_000_000;

    [Fact]
    public void InboundDataAcknowledgesOnlyWhatTheDeviceHadSentByThen()
    {
        var (packets, _) = Upload();
        uint? highest = null;
        foreach (var packet in packets)
        {
            if (SourceRun.Sent(packet))
            {
                var end = packet.Sequence + (uint)packet.TransportPayloadLength;
                highest = highest is { } h && (int)(end - h) <= 0 ? h : end;
            }
            else if (highest is { } sent && (packet.Flags & TcpFlags.Syn) == 0)
            {
                Assert.True((int)(packet.Acknowledgment - sent) <= 1, $"acknowledges {(int)(packet.Acknowledgment - sent)} B not yet sent");
            }
        }
    }

    [Fact]
    public void ResendsFollowTheDataCloselyAndEachGoesBelowTheHighestSequenceSent()
    {
        var (packets, from) = Upload();
        var sent = packets.Where(SourceRun.Sent).ToList();
        var lastData = sent.Where(p => p.TransportPayloadLength > 0).ToList();
        uint? highest = null;
        var resent = new List<PacketHeaders>();
        foreach (var packet in lastData)
        {
            var end = packet.Sequence + (uint)packet.TransportPayloadLength;
            if (highest is { } h && (int)(end - h) <= 0)
            {
                resent.Add(packet);
            }
            else
            {
                highest = end;
            }
        }

        Assert.Equal(Resends, resent.Count);
        var dataEnd = from + SpanMicros;
        Assert.All(resent, p => Assert.InRange(p.TimeMicros, dataEnd - 1_000_000, dataEnd + 500_000));
        var close = sent.Single(p => (p.Flags & TcpFlags.Fin) != 0);
        Assert.True(close.TimeMicros <= dataEnd + 500_000, "the close waits for the resends only briefly");
    }

    /// <summary>A busy upload over a TLS connection, its packets one by one in time order.</summary>
    private static (List<PacketHeaders> Packets, long From) Upload()
    {
        var schedule = new PacketSchedule(10_000_000);
        var window = new TrafficWindow(schedule, SourceRun.Device, new Xoshiro256(9), anomalous: false, 32_768, 16_384);
        window.Begin(SourceRun.Start, 10, 1);
        var connection = window.Connect(1, Endpoint.Ip(185, 100, 0, 1), 443, 20, TlsOutcome.Completed);
        var from = connection.LastMicros + 1_000;
        var offset = (from - SourceRun.Start.ToUnixTimeMilliseconds() * 1000) / 1e6;
        window.Stream(connection, offset, SpanMicros / 1e6, 2_000, 500, 2_000 * 1_200, 500 * 60, 300, Resends);
        window.Close(connection, offset + SpanMicros / 1e6);
        var taken = new List<SimulatedPacket>();
        schedule.TakeBefore(long.MaxValue, taken);
        var packets = taken
            .SelectMany(p => Enumerable.Range(0, p.Count).Select(i => p.Headers with
            {
                TimeMicros = p.TimeMicros + i * p.IntervalMicros,
                Sequence = p.Headers.Sequence + (uint)(i * p.Headers.TransportPayloadLength),
            }))
            .OrderBy(p => p.TimeMicros)
            .ToList();
        return (packets, from);
    }
}
