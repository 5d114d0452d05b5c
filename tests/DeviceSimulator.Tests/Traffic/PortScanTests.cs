using DigitalTwin.Behaviour.Packets;
using DigitalTwin.DeviceSimulator.Packets;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Traffic;

public sealed class PortScanTests
{
    [Fact]
    public void AnOpenPortIsResetWithoutEverBeingAcknowledged()
    {
        var parameters = SignatureRun.Variant(AnomalyClass.PortScan, 300, AnomalyBand.Standard, (AnomalyVariants.Targets, "sweep"));
        var schedule = new PacketSchedule(10_000_000);
        var window = new TrafficWindow(schedule, SourceRun.Device, new Xoshiro256(3), anomalous: true, 49_152, 16_384);
        var scan = new PortScan(parameters, Endpoint.Ip(10, 0, 0, 1), window.Random);
        // Fewer probes than local ports, so each port is one probe's.
        for (var w = 0; w < 3; w++)
        {
            window.Begin(SourceRun.Start.AddSeconds(w * 10), 10, 1);
            scan.AddTo(window, 0, 10, 1);
        }

        var taken = new List<SimulatedPacket>();
        schedule.TakeBefore(long.MaxValue, taken);
        var answered = taken.Where(p => p.Headers.Flags == (TcpFlags.Syn | TcpFlags.Ack)).Select(p => p.Headers.DestinationPort).ToHashSet();
        var replies = taken.Where(p => SourceRun.Sent(p.Headers) && answered.Contains(p.Headers.SourcePort) && (p.Headers.Flags & TcpFlags.Syn) == 0).ToList();

        Assert.True(answered.Count > 100);
        Assert.Equal(answered.Count, replies.Count);
        Assert.All(replies, p => Assert.Equal(TcpFlags.Rst, p.Headers.Flags));
    }
}
