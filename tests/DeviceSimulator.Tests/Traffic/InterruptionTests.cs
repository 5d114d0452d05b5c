using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Packets;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Traffic;

public sealed class InterruptionTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnAnomalySendsNothingWhileTheDeviceIsOff()
    {
        var schedule = new PacketSchedule(10_000_000);
        var normal = new TrafficWindow(schedule, SourceRun.Device, new Xoshiro256(1), anomalous: false, 32_768, 16_384);
        var anomalous = new TrafficWindow(schedule, SourceRun.Device, new Xoshiro256(2), anomalous: true, 49_152, 16_384);
        var time = Endpoint.Of("pool.ntp.org", Endpoint.Ip(162, 159, 200, 1), 123, TransportProtocol.Udp, 20, 3);
        var interruptions = new DeviceInterruptions(24, 24, 1, [], time, multicast: false, searchSuffix: false);
        var spans = new HashSet<Interruption>();
        for (var w = 0; w < 8_640; w++)
        {
            normal.Begin(Start.AddSeconds(w * 10), 10, 1);
            anomalous.Begin(Start.AddSeconds(w * 10), 10, 1);
            interruptions.AddTo(normal);
            spans.Add(interruptions.Current!);
            for (var s = 0; s < 10; s++)
            {
                anomalous.Datagrams(s, 0, TransportProtocol.Udp, Endpoint.Ip(185, 100, 0, 1), 53, 1, 0, 100, 0, 0);
            }
        }

        var taken = new List<SimulatedPacket>();
        schedule.TakeBefore(long.MaxValue, taken);
        var offline = spans.Select(i => (From: (long)((i.Start + 0.5) * 1e6), To: (long)(i.End * 1e6))).ToList();
        Assert.True(offline.Count > 20, $"{offline.Count} interruptions");
        Assert.DoesNotContain(taken, p => p.Anomalous && offline.Any(o => p.TimeMicros >= o.From && p.TimeMicros < o.To));
        Assert.Contains(taken, p => p.Anomalous);
    }

    [Fact]
    public void AfterAPowerOffTheDeviceNeverTouchesItsOldConnection()
    {
        var schedule = new PacketSchedule(10_000_000);
        var window = new TrafficWindow(schedule, SourceRun.Device, new Xoshiro256(4), anomalous: false, 32_768, 16_384);
        var time = Endpoint.Of("pool.ntp.org", Endpoint.Ip(162, 159, 200, 1), 123, TransportProtocol.Udp, 20, 3);
        var broker = Endpoint.Of("mqtt.plant.example.com", Endpoint.Ip(10, 0, 0, 2), 8883, TransportProtocol.Tcp, 3, 1);
        var interruptions = new DeviceInterruptions(0, 0, 3, [broker.Name!], time, multicast: false, searchSuffix: false);
        var session = new PersistentSession(broker, outbound: true, tls: true, 0.2, 0.2, 120, 80, 10, 1e9, followsLoad: false, interruptions: interruptions);
        var powerOffs = new HashSet<Interruption>();
        for (var w = 0; w < 8_640 * 5; w++)
        {
            window.Begin(Start.AddSeconds(w * 10), 10, 1);
            interruptions.AddTo(window);
            session.AddTo(window);
            powerOffs.Add(interruptions.Current!);
        }

        var taken = new List<SimulatedPacket>();
        schedule.TakeBefore(long.MaxValue, taken);
        var sent = taken.Where(p => p.Headers.Source == SourceRun.Device && p.Headers.Protocol == TransportProtocol.Tcp).ToList();
        var checkedOutages = 0;
        foreach (var off in powerOffs.Where(i => i.End < Start.AddDays(5).ToUnixTimeSeconds()))
        {
            var (from, to) = ((long)(off.Start * 1e6), (long)(off.End * 1e6));
            var before = sent.Where(p => p.TimeMicros < from && p.TimeMicros > from - 600_000_000).Select(p => p.Headers.SourcePort).ToHashSet();
            Assert.DoesNotContain(sent, p => p.TimeMicros >= to && p.TimeMicros < to + 600_000_000 && before.Contains(p.Headers.SourcePort));
            checkedOutages++;
        }

        Assert.True(checkedOutages > 5, $"{checkedOutages} power-offs");
    }

    [Fact]
    public void NoInterruptionIsDrawnInAWindowAlreadyDelivered()
    {
        var schedule = new PacketSchedule(60_000_000);
        var window = new TrafficWindow(schedule, SourceRun.Device, new Xoshiro256(6), anomalous: false, 32_768, 16_384);
        var time = Endpoint.Of("pool.ntp.org", Endpoint.Ip(162, 159, 200, 1), 123, TransportProtocol.Udp, 20, 3);
        var interruptions = new DeviceInterruptions(48, 48, 0, [], time, multicast: false, searchSuffix: false);
        Interruption? last = null;
        var drawn = 0;
        for (var w = 0; w < 1_440 * 30; w++)
        {
            window.Begin(SourceRun.Start.AddSeconds(w * 60), 60, 1);
            interruptions.AddTo(window);
            if (interruptions.Current != last)
            {
                last = interruptions.Current!;
                drawn++;
                Assert.True(last.Start >= window.StartSeconds, $"drawn {window.StartSeconds - last.Start:0.0} s in the past");
            }
        }

        Assert.True(drawn > 1_000);
    }
}
