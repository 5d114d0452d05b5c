using System.Buffers.Binary;
using System.Text;
using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.Bench.Probe;

/// <summary>
/// A deterministic mixed capture (Ethernet, IPv4) for the read-path benchmark: devices in 10.1.0.0/16 open TCP
/// connections to remote peers in 198.18.0.0/15 (handshake, TLS hellos on 443/8883, request/response data with
/// acknowledgements, the odd retransmission, FIN both ways), look names up first (some NXDOMAIN), and send UDP
/// telemetry every ten seconds. Packets are planned per connection, sorted by time and written with
/// <see cref="PcapFileWriter"/>.
/// </summary>
public sealed class SyntheticCapture
{
    /// <summary>
    /// The first second of the capture (2026-01-05T08:00:00Z), a multiple of every window length, and in the past: the
    /// platform refuses windows further ahead of its clock than <c>Twins:FutureTimestampTolerance</c>.
    /// </summary>
    public const long StartMicros = 1_767_600_000L * 1_000_000;

    public const string DeviceSubnet = "10.1.0.0/16";

    private static readonly ushort[] ServicePorts = [443, 443, 443, 8883, 80, 1883];

    private readonly Random _random;
    private readonly List<FlowPlan> _flows = [];
    private readonly List<PlannedPacket> _packets = [];

    public SyntheticCapture(int devices, int remotes, int connections, int seconds, int seed)
    {
        Devices = devices;
        Remotes = remotes;
        Connections = connections;
        Seconds = seconds;
        _random = new Random(seed);
    }

    public int Devices { get; }

    public int Remotes { get; }

    public int Connections { get; }

    public int Seconds { get; }

    public static uint DeviceAddress(int index) => 0x0A010000u | (uint)((index / 250) << 8) | (uint)(index % 250 + 1);

    private static uint RemoteAddress(int index) => 0xC6120000u | (uint)((index / 250) << 8) | (uint)(index % 250 + 1);

    private static readonly uint Resolver = 0xC6130035u; // 198.19.0.53

    /// <summary>Writes the capture; returns its packet count and frame bytes.</summary>
    public (long Packets, long FrameBytes) Write(string path)
    {
        Plan();
        var times = new long[_packets.Count];
        var packets = _packets.ToArray();
        for (var i = 0; i < packets.Length; i++)
        {
            times[i] = packets[i].TimeMicros;
        }

        Array.Sort(times, packets);
        using var writer = new PcapFileWriter(path);
        var frame = new byte[2048];
        foreach (var packet in packets)
        {
            var length = Build(packet, frame);
            writer.Write(packet.TimeMicros, frame.AsSpan(0, length));
        }

        return (writer.Records, writer.FrameBytes);
    }

    private void Plan()
    {
        var duration = Seconds * 1_000_000L;
        var nextPort = new ushort[Devices];
        for (var c = 0; c < Connections; c++)
        {
            var device = _random.Next(Devices);
            var remote = (int)(Remotes * Math.Pow(_random.NextDouble(), 2)); // a few popular peers, a long tail
            var port = ServicePorts[_random.Next(ServicePorts.Length)];
            var clientPort = (ushort)(32768 + nextPort[device]++ % 28000);
            var start = StartMicros + (long)(_random.NextDouble() * (duration - 30_000_000));
            if (_random.NextDouble() < 0.4)
            {
                PlanLookup(device, clientPort, start - 40_000);
            }

            PlanConnection(device, remote, clientPort, (ushort)port, start);
        }

        for (var device = 0; device < Devices; device++)
        {
            var flow = AddFlow(device, Resolver + 1 + (uint)(device % 16), 5683, 5683, 17);
            for (var t = StartMicros + _random.Next(10_000_000); t < StartMicros + duration; t += 10_000_000)
            {
                Add(t, flow, fromDevice: true, TcpFlags.None, Payload.Raw, (ushort)_random.Next(60, 300), 0, 0);
                Add(t + 3_000, flow, fromDevice: false, TcpFlags.None, Payload.Raw, 4, 0, 0);
            }
        }
    }

    private void PlanLookup(int device, ushort clientPort, long time)
    {
        var flow = AddFlow(device, Resolver, (ushort)(clientPort ^ 0x4000), 53, 17);
        var name = (ushort)_random.Next(2_000);
        Add(time, flow, fromDevice: true, TcpFlags.None, Payload.DnsQuery, name, 0, 0);
        var answer = _random.NextDouble() < 0.05 ? Payload.DnsNxDomain : Payload.DnsAnswer;
        Add(time + 10_000 + _random.Next(20_000), flow, fromDevice: false, TcpFlags.None, answer, name, 0, 0);
    }

    private void PlanConnection(int device, int remote, ushort clientPort, ushort serverPort, long start)
    {
        var flow = AddFlow(device, RemoteAddress(remote), clientPort, serverPort, 6);
        var rtt = 5_000 + _random.Next(75_000);
        uint client = (uint)_random.Next();
        uint server = (uint)_random.Next();
        var t = start;
        Add(t, flow, true, TcpFlags.Syn, Payload.None, 0, client, 0);
        client++;
        Add(t += rtt, flow, false, TcpFlags.Syn | TcpFlags.Ack, Payload.None, 0, server, client);
        server++;
        Add(t += rtt / 2, flow, true, TcpFlags.Ack, Payload.None, 0, client, server);
        var tls = serverPort is 443 or 8883;
        if (tls)
        {
            Add(t += 200, flow, true, TcpFlags.Ack | TcpFlags.Psh, Payload.ClientHello, 0, client, server);
            client += (uint)ClientHelloLength;
            Add(t += rtt, flow, false, TcpFlags.Ack | TcpFlags.Psh, Payload.ServerHello, 1200, server, client);
            server += 1200;
        }

        var exchanges = _random.Next(3, 19);
        var lifetime = 500_000 + _random.Next(15_000_000);
        var gap = lifetime / exchanges;
        for (var i = 0; i < exchanges; i++)
        {
            var request = (ushort)_random.Next(40, 400);
            var response = (ushort)_random.Next(100, 1000);
            var kind = tls ? Payload.ApplicationData : Payload.Raw;
            Add(t += gap, flow, true, TcpFlags.Ack | TcpFlags.Psh, kind, request, client, server);
            if (_random.NextDouble() < 0.01)
            {
                Add(t + 3 * rtt, flow, true, TcpFlags.Ack | TcpFlags.Psh, kind, request, client, server); // a retransmission
            }

            client += request;
            Add(t + rtt, flow, false, TcpFlags.Ack | TcpFlags.Psh, kind, response, server, client);
            server += response;
            Add(t + rtt + 300, flow, true, TcpFlags.Ack, Payload.None, 0, client, server);
        }

        t += gap;
        Add(t, flow, true, TcpFlags.Fin | TcpFlags.Ack, Payload.None, 0, client, server);
        client++;
        Add(t += rtt, flow, false, TcpFlags.Fin | TcpFlags.Ack, Payload.None, 0, server, client);
        server++;
        Add(t + 300, flow, true, TcpFlags.Ack, Payload.None, 0, client, server);
    }

    private int AddFlow(int device, uint remote, ushort devicePort, ushort remotePort, byte protocol)
    {
        _flows.Add(new FlowPlan(DeviceAddress(device), remote, devicePort, remotePort, protocol, (ulong)(0x02_00_00_00_00_00 + device)));
        return _flows.Count - 1;
    }

    private void Add(long time, int flow, bool fromDevice, TcpFlags flags, Payload payload, ushort size, uint sequence, uint acknowledgment) =>
        _packets.Add(new PlannedPacket(time, flow, fromDevice, flags, payload, size, sequence, acknowledgment));

    private int Build(in PlannedPacket packet, byte[] frame)
    {
        var flow = _flows[packet.Flow];
        var span = frame.AsSpan();
        span[..14].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(span[4..], packet.FromDevice ? flow.DeviceMac : 0x02_FF_00_00_00_01); // source MAC: bytes 6-11
        span[0] = 0x02;
        span[1] = 0xFF;
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], 0x0800);
        var ip = span[14..];
        var transportLength = flow.Protocol == 6 ? 20 : 8;
        var payload = ip[(20 + transportLength)..];
        var payloadLength = WritePayload(packet, payload);
        ip[..20].Clear();
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + transportLength + payloadLength));
        ip[8] = 64;
        ip[9] = flow.Protocol;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], packet.FromDevice ? flow.Device : flow.Remote);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], packet.FromDevice ? flow.Remote : flow.Device);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], HeaderChecksum(ip[..20]));
        var transport = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(transport, packet.FromDevice ? flow.DevicePort : flow.RemotePort);
        BinaryPrimitives.WriteUInt16BigEndian(transport[2..], packet.FromDevice ? flow.RemotePort : flow.DevicePort);
        if (flow.Protocol == 6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(transport[4..], packet.Sequence);
            BinaryPrimitives.WriteUInt32BigEndian(transport[8..], packet.Acknowledgment);
            transport[12] = 5 << 4;
            transport[13] = (byte)packet.Flags;
            BinaryPrimitives.WriteUInt16BigEndian(transport[14..], 64240);
            BinaryPrimitives.WriteUInt32BigEndian(transport[16..], 0);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(transport[4..], (ushort)(8 + payloadLength));
            BinaryPrimitives.WriteUInt16BigEndian(transport[6..], 0);
        }

        return 14 + 20 + transportLength + payloadLength;
    }

    /// <summary>The IPv4 header checksum (one's complement sum of its 16-bit words), so tools reading the capture do not flag it.</summary>
    private static ushort HeaderChecksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (var i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    private static readonly byte[] ClientHello = BuildClientHello("telemetry.example.com");

    private static int ClientHelloLength => ClientHello.Length;

    private static int WritePayload(in PlannedPacket packet, Span<byte> payload)
    {
        switch (packet.Payload)
        {
            case Payload.None:
                return 0;
            case Payload.ClientHello:
                ClientHello.CopyTo(payload);
                return ClientHello.Length;
            case Payload.ServerHello:
                payload[..packet.Size].Clear();
                payload[0] = 22;
                payload[1] = 3;
                payload[2] = 3;
                BinaryPrimitives.WriteUInt16BigEndian(payload[3..], (ushort)(packet.Size - 5));
                payload[5] = 2;
                return packet.Size;
            case Payload.ApplicationData:
                payload[..packet.Size].Clear();
                payload[0] = 23;
                payload[1] = 3;
                payload[2] = 3;
                BinaryPrimitives.WriteUInt16BigEndian(payload[3..], (ushort)(packet.Size - 5));
                return packet.Size;
            case Payload.DnsQuery or Payload.DnsAnswer or Payload.DnsNxDomain:
                return WriteDns(packet, payload);
            default:
                payload[..packet.Size].Clear();
                return packet.Size;
        }
    }

    private static int WriteDns(in PlannedPacket packet, Span<byte> message)
    {
        var response = packet.Payload != Payload.DnsQuery;
        message[..12].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(message, packet.Size);
        message[2] = (byte)(response ? 0x81 : 0x01);
        message[3] = (byte)(response ? (packet.Payload == Payload.DnsNxDomain ? 0x83 : 0x80) : 0);
        message[5] = 1;
        var position = 12;
        foreach (var label in new[] { $"svc{packet.Size}", "example", "com" })
        {
            message[position++] = (byte)label.Length;
            position += Encoding.ASCII.GetBytes(label, message[position..]);
        }

        message[position++] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(message[position..], 0x0001_0001);
        position += 4;
        if (response && packet.Payload == Payload.DnsAnswer)
        {
            message[7] = 1;
            ReadOnlySpan<byte> answer = [0xC0, 12, 0, 1, 0, 1, 0, 0, 1, 0x2C, 0, 4, 198, 18, 0, 1];
            answer.CopyTo(message[position..]);
            position += answer.Length;
        }

        return position;
    }

    private static byte[] BuildClientHello(string serverName)
    {
        var name = Encoding.ASCII.GetBytes(serverName);
        var body = new List<byte> { 3, 3 };
        body.AddRange(new byte[32]);
        body.Add(32);
        body.AddRange(new byte[32]);
        body.AddRange([0, 8, 0x13, 0x01, 0x13, 0x02, 0x13, 0x03, 0xC0, 0x2F, 1, 0]);
        var extensions = new List<byte> { 0, 10, 0, 4, 0, 2, 0, 0x1D, 0, 0 };
        extensions.AddRange([(byte)((name.Length + 5) >> 8), (byte)(name.Length + 5), (byte)((name.Length + 3) >> 8), (byte)(name.Length + 3), 0]);
        extensions.AddRange([(byte)(name.Length >> 8), (byte)name.Length]);
        extensions.AddRange(name);
        extensions.AddRange(new byte[4] { 0, 21, 0, 100 }); // padding extension
        extensions.AddRange(new byte[100]);
        body.AddRange([(byte)(extensions.Count >> 8), (byte)extensions.Count]);
        body.AddRange(extensions);
        var handshake = new List<byte> { 1, 0, (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        var record = new List<byte> { 22, 3, 1, (byte)(handshake.Count >> 8), (byte)handshake.Count };
        record.AddRange(handshake);
        return [.. record];
    }

    private enum Payload : byte
    {
        None,
        Raw,
        ClientHello,
        ServerHello,
        ApplicationData,
        DnsQuery,
        DnsAnswer,
        DnsNxDomain,
    }

    private readonly record struct FlowPlan(uint Device, uint Remote, ushort DevicePort, ushort RemotePort, byte Protocol, ulong DeviceMac);

    private readonly record struct PlannedPacket(
        long TimeMicros, int Flow, bool FromDevice, TcpFlags Flags, Payload Payload, ushort Size, uint Sequence, uint Acknowledgment);
}
