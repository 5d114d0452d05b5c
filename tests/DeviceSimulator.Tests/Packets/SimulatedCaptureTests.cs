using DigitalTwin.Behaviour.Packets;
using DigitalTwin.DeviceSimulator.Packets;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Packets;

public sealed class SimulatedCaptureTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Every type's normal traffic and every anomaly class, 20 minutes each after a short warm-up.</summary>
    private static IEnumerable<SimulatedPacket> SimulatedPackets()
    {
        var types = new[] { DeviceTypes.TemperatureSensor, DeviceTypes.EnvironmentalMonitor, DeviceTypes.SmartLight, DeviceTypes.IndustrialEquipment, DeviceTypes.Camera, DeviceTypes.Gateway };
        var anomalies = Enum.GetValues<AnomalyClass>();
        for (var i = 0; i < anomalies.Length; i++)
        {
            var parameters = AnomalyCatalog.Describe(anomalies[i]).Defaults with { Duration = 600 };
            var behaviour = new DeviceBehaviour($"device-{i:0000}", types[i % types.Length], (ulong)i + 1, [new AnomalyEpisode(anomalies[i], parameters, Start.AddMinutes(5))], 10, i, TimeSpan.FromMinutes(5))
            {
                PacketLog = [],
            };
            for (var t = Start; t < Start.AddMinutes(20); t = t.AddSeconds(10))
            {
                behaviour.Next(t);
            }

            foreach (var packet in behaviour.PacketLog)
            {
                yield return packet;
            }
        }
    }

    [Fact]
    public void EveryWrittenFrameParsesBackToItsHeaders()
    {
        var frame = new byte[PacketFrames.MaxLength];
        var checkedPackets = 0;
        var kinds = new HashSet<string>();
        foreach (var packet in SimulatedPackets())
        {
            var headers = packet.Headers;
            var length = PacketFrames.Write(headers, packet.Name, frame, out var content);
            Assert.Equal(14 + 20 + headers.IpPayloadLength, length);
            foreach (var captured in new[] { length, content })
            {
                Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse((int)CaptureLinkType.Ethernet, frame.AsSpan(0, captured), headers.TimeMicros, out var parsed));
                var expected = headers;
                expected.SourceMac = 0x0200_0000_0000UL | (uint)headers.Source.Value;
                expected.Truncated = captured < length;
                if (!expected.Equals(parsed))
                {
                    var differences = typeof(PacketHeaders).GetFields()
                        .Where(f => !Equals(f.GetValue(expected), f.GetValue(parsed)))
                        .Select(f => $"{f.Name}: written {f.GetValue(expected)}, read {f.GetValue(parsed)}");
                    Assert.Fail($"{headers.Protocol} {headers.Flags} {headers.Tls} {headers.Dns} '{packet.Name}' ({captured} of {length} bytes): {string.Join("; ", differences)}");
                }
            }

            kinds.Add($"{headers.Protocol}/{headers.Flags}/{headers.Tls}/{headers.Dns}/{headers.DnsResponseCode}/{headers.HasServerName}");
            checkedPackets++;
        }

        Assert.True(checkedPackets > 10_000, $"{checkedPackets} packets");
        Assert.Contains(kinds, k => k.Contains("/ClientHello/") && k.EndsWith("/True"));
        Assert.Contains(kinds, k => k.Contains("/Response/3/"));
        Assert.Contains(kinds, k => k.StartsWith("Other/"));
        Assert.Contains(kinds, k => k.StartsWith("Icmp/"));
        Assert.Contains(kinds, k => k.Contains("/Alert/"));
    }

    [Fact]
    public void TrainsAreExpandedInGlobalTimeOrderWithAdvancingSequenceNumbers()
    {
        var capture = new SimulatedCapture(2);
        var tcp = new PacketHeaders
        {
            TimeMicros = 1_000, Source = DeviceBehaviour.AddressOf(0), Destination = DeviceBehaviour.AddressOf(9), Protocol = Behaviour.Traffic.TransportProtocol.Tcp,
            IpProtocol = 6, SourcePort = 40_000, DestinationPort = 554, Flags = TcpFlags.Ack | TcpFlags.Psh, Sequence = 100,
            IpPayloadLength = 132, TransportPayloadLength = 100,
        };
        var udp = tcp with { };
        udp.TimeMicros = 1_500;
        udp.Source = DeviceBehaviour.AddressOf(1);
        udp.Protocol = Behaviour.Traffic.TransportProtocol.Udp;
        udp.IpProtocol = 17;
        udp.Flags = TcpFlags.None;
        udp.Sequence = 0;
        udp.IpPayloadLength = 58;
        udp.TransportPayloadLength = 50;
        capture.LogOf(0).Add(new SimulatedPacket { Headers = tcp, Count = 3, IntervalMicros = 1_000 });
        capture.LogOf(1).Add(new SimulatedPacket { Headers = udp, Count = 2, IntervalMicros = 1_000 });
        var path = Path.GetTempFileName();
        try
        {
            var (packets, _) = capture.Write(File.Create(path));
            Assert.Equal(5, packets);
            var read = ReadPcap(path);
            Assert.Equal(new long[] { 1_000, 1_500, 2_000, 2_500, 3_000 }, read.Select(h => h.TimeMicros));
            Assert.Equal(new uint[] { 100, 200, 300 }, read.Where(h => h.Protocol == Behaviour.Traffic.TransportProtocol.Tcp).Select(h => h.Sequence));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Reads a classic little-endian pcap of Ethernet frames with the product's parser.</summary>
    internal static List<PacketHeaders> ReadPcap(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(PcapFileWriter.Magic, BitConverter.ToUInt32(bytes, 0));
        var result = new List<PacketHeaders>();
        for (var at = 24; at < bytes.Length;)
        {
            var seconds = BitConverter.ToUInt32(bytes, at);
            var micros = BitConverter.ToUInt32(bytes, at + 4);
            var captured = BitConverter.ToInt32(bytes, at + 8);
            Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse(1, bytes.AsSpan(at + 16, captured), seconds * 1_000_000L + micros, out var headers));
            result.Add(headers);
            at += 16 + captured;
        }

        return result;
    }
}
