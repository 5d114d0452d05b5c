using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Packets;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// One device's wire while its traffic sources fill a window: the time span, the generator they draw from, today's
/// load, and the packets they put on it. Sources describe traffic at the grain they think in — a lookup, a short
/// session, a connection that streams for days, a flow of datagrams — and this turns each into the packets a probe
/// would capture (handshakes, data trains, closes, retransmissions, DNS questions and answers, TLS records), scheduled
/// at their own times, also past the window's end. Sizes given here are IP payload bytes (transport header included),
/// as the features count them.
/// </summary>
public sealed class TrafficWindow
{
    /// <summary>The LAN resolver every device asks (10.0.0.1).</summary>
    public static readonly uint Resolver = Endpoint.Ip(10, 0, 0, 1);

    /// <summary>TCP header with the timestamp option, as Linux sends it on an established connection.</summary>
    public const int TcpHeaderBytes = 32;

    /// <summary>A SYN or SYN-ACK: the header with its options (MSS, window scale, SACK, timestamps).</summary>
    public const int SynBytes = 40;

    /// <summary>
    /// The largest IP payload on Ethernet (1,500 B MTU less the IP header): a full TCP segment (MSS 1,448 with the
    /// timestamp option) or a full datagram.
    /// </summary>
    public const int MaxIpPayloadBytes = 1_480;

    public const int RstBytes = 20;
    public const int UdpHeaderBytes = 8;
    public const int IcmpHeaderBytes = 8;

    // Five equal-probability points of a normal distribution: a stream's packets take these multiples of its size
    // spread, in five trains, which is cheap, deterministic and gives the size histogram its width.
    private static readonly double[] SpreadPoints = [-1.2816, -0.5244, 0, 0.5244, 1.2816];

    private readonly PacketSchedule _schedule;
    private readonly bool _anomalous;
    private readonly ushort _firstPort;
    private readonly int _portCount;
    private int _nextPort;

    /// <param name="schedule">The device's packet schedule, shared by its normal and anomalous traffic.</param>
    /// <param name="device">The device's address.</param>
    /// <param name="random">The generator this window's sources draw from.</param>
    /// <param name="anomalous">Whether the traffic added here is an anomaly episode's (it marks its packets).</param>
    /// <param name="firstPort">First local port of this traffic's ephemeral range.</param>
    /// <param name="portCount">Size of that range: normal and anomalous traffic use separate ranges.</param>
    public TrafficWindow(PacketSchedule schedule, HostAddress device, Xoshiro256 random, bool anomalous, ushort firstPort, int portCount)
    {
        _schedule = schedule;
        Device = device;
        Random = random;
        _anomalous = anomalous;
        _firstPort = firstPort;
        _portCount = portCount;
    }

    public HostAddress Device { get; }

    public Xoshiro256 Random { get; }

    public DateTimeOffset Start { get; private set; }

    public double Seconds { get; private set; }

    /// <summary>Window start in Unix seconds: the clock sources schedule against.</summary>
    public double StartSeconds { get; private set; }

    public double EndSeconds => StartSeconds + Seconds;

    /// <summary>The device's daily-cycle factor at the window's middle (1 = average activity).</summary>
    public double Load { get; private set; }

    private long StartMicros { get; set; }

    internal void Begin(DateTimeOffset start, double seconds, double load)
    {
        Start = start;
        Seconds = seconds;
        StartSeconds = start.ToUnixTimeMilliseconds() / 1000.0;
        StartMicros = start.ToUnixTimeMilliseconds() * 1000;
        Load = load;
    }

    /// <summary>
    /// A DNS lookup at <paramref name="offset"/>: the query to the resolver and, a few milliseconds later, its answer
    /// (NXDOMAIN when <paramref name="nxDomain"/>).
    /// </summary>
    public void Lookup(double offset, DomainName name, bool nxDomain, int answerBytes = 90)
    {
        var port = NextPort();
        var resolver = HostAddress.FromIPv4(Resolver);
        var at = At(offset);
        var query = Headers(at, TransportProtocol.Udp, 17, sent: true, resolver, port, 53, UdpHeaderBytes + 12 + name.Text.Length + 6);
        query.Dns = DnsMessageKind.Query;
        query.DnsName = name.Features;
        query.HasDnsName = true;
        Put(query, name.Text);
        var answer = Headers(at + Span(0.002 + Random.NextDouble() * 0.003), TransportProtocol.Udp, 17, sent: false, resolver, port, 53, UdpHeaderBytes + Math.Max(answerBytes, 12 + name.Text.Length + 6));
        answer.Dns = DnsMessageKind.Response;
        answer.DnsResponseCode = (byte)(nxDomain ? 3 : 0);
        answer.DnsName = name.Features;
        answer.HasDnsName = true;
        Put(answer, name.Text);
    }

    /// <summary>
    /// A whole session opened at <paramref name="offset"/> and over <paramref name="lifetime"/> seconds later. TCP:
    /// the handshake (and TLS handshake), <paramref name="packetsOut"/>/<paramref name="packetsIn"/> data packets
    /// spread over the lifetime, <paramref name="retransmissions"/> segments sent again, and a FIN exchange (after
    /// <paramref name="keepAlive"/> idle seconds more: a connection kept open for reuse until the server times it out). A
    /// <paramref name="failed"/> TCP attempt is refused with a reset after the round trip, or, when
    /// <paramref name="roundTripMs"/> is NaN, never answered (the SYN is sent again after 1 s and 3 s, like Linux). A
    /// failed TLS handshake (<paramref name="tls"/>) gets an alert and the device resets the connection. UDP, ICMP and
    /// other protocols: a flow of datagrams.
    /// </summary>
    public void AddShortSession(
        double offset,
        TransportProtocol protocol,
        uint address,
        ushort port,
        double lifetime,
        int packetsOut,
        int packetsIn,
        long bytesOut,
        long bytesIn,
        double sizeStd,
        double roundTripMs,
        bool failed = false,
        TlsOutcome tls = TlsOutcome.None,
        bool outbound = true,
        int retransmissions = 0,
        DomainName? serverName = null,
        double keepAlive = 0)
    {
        if (protocol != TransportProtocol.Tcp)
        {
            Datagrams(offset, lifetime, protocol, address, port, packetsOut, packetsIn, bytesOut, bytesIn, sizeStd, outbound);
            return;
        }

        if (failed && tls != TlsOutcome.Failed)
        {
            if (outbound)
            {
                Attempt(offset, address, port, roundTripMs);
            }
            else
            {
                Refuse(offset, address, port, roundTripMs);
            }

            return;
        }

        var connection = outbound
            ? Connect(offset, address, port, roundTripMs, tls, serverName)
            : Accept(offset, address, port, roundTripMs);
        var streamFrom = OffsetOf(connection.LastMicros) + 0.001;
        var end = Math.Max(offset + lifetime, streamFrom + 0.001);
        if (tls == TlsOutcome.Failed)
        {
            Close(connection, end, reset: true);
            return;
        }

        Stream(connection, streamFrom, end - streamFrom, packetsOut, packetsIn, bytesOut, bytesIn, sizeStd, retransmissions);
        Close(connection, end + keepAlive);
    }

    /// <summary>
    /// The device opens a TCP connection at <paramref name="offset"/>: SYN, SYN-ACK a round trip later, ACK, and with
    /// <paramref name="tls"/> a TLS 1.3 handshake (ClientHello naming <paramref name="serverName"/>, the server's
    /// flight, the client's Finished) that completes, or fails with the server's alert.
    /// </summary>
    /// <paramref name="localPort"/>: the device's port, when the caller picks its own (0: the next of this window's range).
    public TcpConnection Connect(double offset, uint address, ushort port, double roundTripMs, TlsOutcome tls = TlsOutcome.None, DomainName? serverName = null, ushort localPort = 0)
    {
        var rtt = HandshakeRoundTrip(roundTripMs);
        var connection = new TcpConnection(Device, localPort != 0 ? localPort : NextPort(), HostAddress.FromIPv4(address), port, deviceOpened: true, (uint)Random.NextUInt64(), (uint)Random.NextUInt64(), rtt / 1000.0);
        var at = At(offset);
        Segment(connection, at, sent: true, TcpFlags.Syn, 0, SynBytes - TcpHeaderBytes);
        Segment(connection, at + rtt, sent: false, TcpFlags.Syn | TcpFlags.Ack, 0, SynBytes - TcpHeaderBytes);
        Segment(connection, at + rtt + 50, sent: true, TcpFlags.Ack, 0);
        if (tls != TlsOutcome.None)
        {
            Handshake(connection, at + rtt + 100, rtt, tls, serverName);
        }

        return connection;
    }

    /// <summary>
    /// A connection that was already open before the run began: no handshake is sent, and a probe joins it mid-stream.
    /// <paramref name="port"/> is the remote port when <paramref name="deviceOpened"/>, else the device's own.
    /// </summary>
    public TcpConnection Resume(uint address, ushort port, bool deviceOpened)
    {
        var ephemeral = deviceOpened ? NextPort() : RemoteEphemeralPort();
        return new TcpConnection(
            Device, deviceOpened ? ephemeral : port, HostAddress.FromIPv4(address), deviceOpened ? port : ephemeral, deviceOpened,
            (uint)Random.NextUInt64(), (uint)Random.NextUInt64(), 1);
    }

    /// <summary>
    /// A half-open probe of an open port, as a SYN scan (nmap -sS) makes it: the device's SYN, the SYN-ACK a round trip
    /// later, and the device's reset in place of the ACK that would complete the handshake.
    /// </summary>
    public void HalfOpen(double offset, uint address, ushort port, double roundTripMs)
    {
        var rtt = Span(Math.Max(0.05, roundTripMs) / 1000);
        var connection = new TcpConnection(Device, NextPort(), HostAddress.FromIPv4(address), port, deviceOpened: true, (uint)Random.NextUInt64(), (uint)Random.NextUInt64(), rtt / 1000.0);
        var at = At(offset);
        Segment(connection, at, sent: true, TcpFlags.Syn, 0, SynBytes - TcpHeaderBytes);
        Segment(connection, at + rtt, sent: false, TcpFlags.Syn | TcpFlags.Ack, 0, SynBytes - TcpHeaderBytes);
        connection.Closed = true;
        Segment(connection, at + rtt + 50, sent: true, TcpFlags.Rst, 0, RstBytes - TcpHeaderBytes);
    }

    /// <summary>The device accepts a connection from <paramref name="address"/> on its own <paramref name="devicePort"/>.</summary>
    public TcpConnection Accept(double offset, uint address, ushort devicePort, double roundTripMs)
    {
        var rtt = HandshakeRoundTrip(roundTripMs);
        var remotePort = RemoteEphemeralPort();
        var connection = new TcpConnection(Device, devicePort, HostAddress.FromIPv4(address), remotePort, deviceOpened: false, (uint)Random.NextUInt64(), (uint)Random.NextUInt64(), rtt / 1000.0);
        var at = At(offset);
        Segment(connection, at, sent: false, TcpFlags.Syn, 0, SynBytes - TcpHeaderBytes);
        Segment(connection, at + 20, sent: true, TcpFlags.Syn | TcpFlags.Ack, 0, SynBytes - TcpHeaderBytes);
        Segment(connection, at + 20 + rtt, sent: false, TcpFlags.Ack, 0);
        return connection;
    }

    /// <summary>
    /// Data both ways on an open connection, spread evenly over <paramref name="seconds"/> from
    /// <paramref name="offset"/>: packet sizes around their mean (bytes / packets) with <paramref name="sizeStd"/>;
    /// <paramref name="retransmissions"/> of the device's segments are sent again at the end.
    /// </summary>
    public void Stream(TcpConnection connection, double offset, double seconds, int packetsOut, int packetsIn, long bytesOut, long bytesIn, double sizeStd, int retransmissions = 0)
    {
        if (connection.Closed)
        {
            return;
        }

        var from = At(offset);
        var span = Math.Max(0, Span(seconds));
        var deviceFirst = connection.DeviceSequence;
        var outbound = new List<SegmentTrain>();
        Trains(connection, from, span, sent: true, packetsOut, bytesOut, sizeStd, outbound, null, 0);
        Trains(connection, from, span, sent: false, packetsIn, bytesIn, sizeStd, null, outbound, deviceFirst);
        var sent = connection.DeviceBytes;
        for (var i = 0; i < retransmissions && sent > 0; i++)
        {
            // The latest segment goes again, 2 ms apart right after the stream's data (a fast retransmit after
            // duplicate ACKs): below the highest sequence sent, a probe counts it as resent, and since it follows all
            // the data it is resent whether the data is observed as trains or packet by packet. Spaced by a
            // retransmission timeout instead, a busy upload's resends would run tens of seconds past its data.
            var length = (int)Math.Min(sent, 1_000);
            var headers = TcpHeaders(connection, from + span + 1_000 + i * 2_000L, sent: true, TcpFlags.Ack | TcpFlags.Psh, connection.DeviceSequence - (uint)length, length);
            Put(headers);
            connection.LastMicros = Math.Max(connection.LastMicros, headers.TimeMicros);
        }
    }

    /// <summary>The device ends the connection at <paramref name="offset"/>: FIN both ways and the last ACK, or a reset.</summary>
    public void Close(TcpConnection connection, double offset, bool reset = false)
    {
        if (connection.Closed)
        {
            return;
        }

        var at = Math.Max(At(offset), connection.LastMicros + 100);
        connection.Closed = true;
        if (reset)
        {
            Segment(connection, at, sent: true, TcpFlags.Rst | TcpFlags.Ack, 0, RstBytes - TcpHeaderBytes);
            return;
        }

        var rtt = (long)(connection.RoundTripMs * 1000);
        Segment(connection, at, sent: true, TcpFlags.Fin | TcpFlags.Ack, 0);
        Segment(connection, at + rtt, sent: false, TcpFlags.Fin | TcpFlags.Ack, 0);
        Segment(connection, at + rtt + 50, sent: true, TcpFlags.Ack, 0);
    }

    /// <summary>The remote side resets the connection at <paramref name="offset"/> (a peer restarting, a broker dropping clients).</summary>
    public void Reset(TcpConnection connection, double offset)
    {
        if (connection.Closed)
        {
            return;
        }

        connection.Closed = true;
        Segment(connection, Math.Max(At(offset), connection.LastMicros + 100), sent: false, TcpFlags.Rst, 0, RstBytes - TcpHeaderBytes);
    }

    /// <summary>
    /// The remote side ends the connection at <paramref name="offset"/>: its FIN, the device's FIN a moment later, and
    /// the last ACK (a server closing after a failed login or a refused MQTT CONNECT).
    /// </summary>
    public void Hangup(TcpConnection connection, double offset)
    {
        if (connection.Closed)
        {
            return;
        }

        var at = Math.Max(At(offset), connection.LastMicros + 100);
        var rtt = (long)(connection.RoundTripMs * 1000);
        connection.Closed = true;
        Segment(connection, at, sent: false, TcpFlags.Fin | TcpFlags.Ack, 0);
        Segment(connection, at + 200, sent: true, TcpFlags.Fin | TcpFlags.Ack, 0);
        Segment(connection, at + 200 + rtt, sent: false, TcpFlags.Ack, 0);
    }

    /// <summary>
    /// A connection attempt from the device that fails: refused by a reset after <paramref name="roundTripMs"/>, or,
    /// when that is NaN, never answered, the SYN sent again after 1 s and 3 s. <paramref name="localPort"/> as for
    /// <see cref="Connect"/>.
    /// </summary>
    public void Attempt(double offset, uint address, ushort port, double roundTripMs, ushort localPort = 0)
    {
        var connection = new TcpConnection(Device, localPort != 0 ? localPort : NextPort(), HostAddress.FromIPv4(address), port, deviceOpened: true, (uint)Random.NextUInt64(), 0, 0);
        var at = At(offset);
        var sequence = connection.DeviceSequence;
        Segment(connection, at, sent: true, TcpFlags.Syn, 0, SynBytes - TcpHeaderBytes);
        if (double.IsFinite(roundTripMs))
        {
            connection.RemoteSequence = 0;
            Put(TcpHeaders(connection, at + Span(roundTripMs / 1000), sent: false, TcpFlags.Rst | TcpFlags.Ack, 0, 0, RstBytes));
            return;
        }

        foreach (var retry in (ReadOnlySpan<long>)[1_000_000, 3_000_000])
        {
            Put(TcpHeaders(connection, at + retry, sent: true, TcpFlags.Syn, sequence, 0, SynBytes));
        }
    }

    /// <summary>Someone tries to connect to the device's <paramref name="devicePort"/>, and the device refuses with a reset.</summary>
    public void Refuse(double offset, uint address, ushort devicePort, double roundTripMs)
    {
        var connection = new TcpConnection(Device, devicePort, HostAddress.FromIPv4(address), RemoteEphemeralPort(), deviceOpened: false, 0, (uint)Random.NextUInt64(), 0);
        var at = At(offset);
        Segment(connection, at, sent: false, TcpFlags.Syn, 0, SynBytes - TcpHeaderBytes);
        Put(TcpHeaders(connection, at + 30, sent: true, TcpFlags.Rst | TcpFlags.Ack, 0, 0, RstBytes));
    }

    /// <summary>
    /// A flow of datagrams (UDP, ICMP or another IP protocol: <paramref name="ipProtocol"/> for the last): the first
    /// one sent by the device at <paramref name="offset"/> when <paramref name="outbound"/> (else received), the rest
    /// spread over <paramref name="seconds"/>, each answer a round trip of a millisecond after.
    /// </summary>
    public void Datagrams(
        double offset,
        double seconds,
        TransportProtocol protocol,
        uint address,
        ushort port,
        int packetsOut,
        int packetsIn,
        long bytesOut,
        long bytesIn,
        double sizeStd,
        bool outbound = true,
        byte ipProtocol = 0)
    {
        var number = protocol switch
        {
            TransportProtocol.Udp => (byte)17,
            TransportProtocol.Icmp => (byte)1,
            TransportProtocol.Tcp => throw new ArgumentException("TCP goes through connections", nameof(protocol)),
            _ => ipProtocol == 0 ? (byte)47 : ipProtocol,
        };
        var header = protocol switch
        {
            TransportProtocol.Udp => UdpHeaderBytes,
            TransportProtocol.Icmp => IcmpHeaderBytes,
            _ => 0,
        };
        var remote = HostAddress.FromIPv4(address);
        var devicePort = protocol == TransportProtocol.Udp ? NextPort() : (ushort)0;
        var remotePort = protocol == TransportProtocol.Udp ? port : (ushort)0;
        var from = At(offset);
        var span = Math.Max(0, Span(seconds));
        var first = outbound ? packetsOut : packetsIn;
        var second = outbound ? packetsIn : packetsOut;
        var firstBytes = outbound ? bytesOut : bytesIn;
        var secondBytes = outbound ? bytesIn : bytesOut;
        DatagramTrains(from, span, outbound, number, protocol, remote, devicePort, remotePort, first, firstBytes, sizeStd, header);
        DatagramTrains(from + 1_000, span, !outbound, number, protocol, remote, devicePort, remotePort, second, secondBytes, sizeStd, header);
    }

    private void DatagramTrains(long from, long span, bool sent, byte number, TransportProtocol protocol, HostAddress remote, ushort devicePort, ushort remotePort, int packets, long bytes, double sizeStd, int header)
    {
        ForEachTrain(packets, bytes, sizeStd, span, (size, count, offset, interval) =>
        {
            // Headers gives a UDP datagram its payload length; ICMP and other protocols have none a probe reads.
            var headers = Headers(from + offset, protocol, number, sent, remote, devicePort, remotePort, Math.Max(size, header));
            Put(headers, count: count, intervalMicros: interval);
        });
    }

    private void Handshake(TcpConnection connection, long at, long rtt, TlsOutcome tls, DomainName? serverName)
    {
        var hello = TcpHeaders(connection, at, sent: true, TcpFlags.Ack | TcpFlags.Psh, connection.DeviceSequence, 517, TcpHeaderBytes + 517);
        hello.Tls = TlsRecord.ClientHello;
        if (serverName is not null)
        {
            hello.ServerName = serverName.Features;
            hello.HasServerName = true;
        }

        connection.DeviceSequence += 517;
        connection.DeviceBytes += 517;
        Put(hello, serverName?.Text);
        var reply = at + rtt;
        if (tls == TlsOutcome.Failed)
        {
            Data(connection, reply, sent: false, 7, TlsRecord.Alert);
            connection.LastMicros = reply;
            return;
        }

        Data(connection, reply, sent: false, 1_200, TlsRecord.ServerHello);
        Data(connection, reply + 200, sent: false, 1_400, TlsRecord.None);
        Data(connection, reply + 400, sent: false, 900, TlsRecord.None);
        Data(connection, reply + 600, sent: true, 80, TlsRecord.ApplicationData);
        connection.LastMicros = reply + 600;
    }

    private void Data(TcpConnection connection, long at, bool sent, int length, TlsRecord record)
    {
        var headers = TcpHeaders(connection, at, sent, TcpFlags.Ack | TcpFlags.Psh, sent ? connection.DeviceSequence : connection.RemoteSequence, length, TcpHeaderBytes + length);
        headers.Tls = record;
        Advance(connection, sent, length, 1);
        Put(headers);
    }

    /// <summary>A control segment; <paramref name="optionBytes"/> of TCP options on top of the usual header.</summary>
    private void Segment(TcpConnection connection, long at, bool sent, TcpFlags flags, int data, int optionBytes = 0)
    {
        var sequence = sent ? connection.DeviceSequence : connection.RemoteSequence;
        var headers = TcpHeaders(connection, at, sent, flags, sequence, data, TcpHeaderBytes + optionBytes + data);
        var consumed = data + ((flags & (TcpFlags.Syn | TcpFlags.Fin)) != 0 ? 1 : 0);
        if (sent)
        {
            connection.DeviceSequence += (uint)consumed;
        }
        else
        {
            connection.RemoteSequence += (uint)consumed;
        }

        Put(headers);
        connection.LastMicros = Math.Max(connection.LastMicros, at);
    }

    /// <summary>
    /// Puts a stream's trains in one direction, recorded in <paramref name="trains"/> when given. With <paramref name="acknowledged"/>
    /// (the other direction's trains, from <paramref name="acknowledgedFrom"/>) each acknowledges what the other side
    /// had sent by its time rather than by the stream's end.
    /// </summary>
    private void Trains(
        TcpConnection connection, long from, long span, bool sent, int packets, long bytes, double sizeStd, List<SegmentTrain>? trains, List<SegmentTrain>? acknowledged, uint acknowledgedFrom)
    {
        ForEachTrain(packets, bytes, sizeStd, span, (size, count, offset, interval) =>
        {
            // A segment is never smaller than its header: a smaller planned size is a bare acknowledgement.
            size = Math.Max(size, TcpHeaderBytes);
            var data = size - TcpHeaderBytes;
            var at = from + offset;
            var headers = TcpHeaders(connection, at, sent, data > 0 ? TcpFlags.Ack | TcpFlags.Psh : TcpFlags.Ack, sent ? connection.DeviceSequence : connection.RemoteSequence, data, size);
            trains?.Add(new SegmentTrain(at, count, interval, data));
            if (acknowledged is not null)
            {
                headers.Acknowledgment = acknowledgedFrom + (uint)SentBy(acknowledged, at);
            }

            Advance(connection, sent, data, count);
            Put(headers, count: count, intervalMicros: interval);
            connection.LastMicros = Math.Max(connection.LastMicros, at + (count - 1) * interval);
        });
    }

    /// <summary>The bytes of <paramref name="trains"/> sent before <paramref name="at"/>.</summary>
    private static long SentBy(List<SegmentTrain> trains, long at)
    {
        long bytes = 0;
        foreach (var train in trains)
        {
            if (train.Start >= at)
            {
                break;
            }

            var sent = train.Interval > 0 ? (int)Math.Min(train.Count, (at - 1 - train.Start) / train.Interval + 1) : train.Count;
            bytes += (long)train.Data * sent;
        }

        return bytes;
    }

    private static void Advance(TcpConnection connection, bool sent, int data, int count)
    {
        if (sent)
        {
            connection.DeviceSequence += (uint)(data * count);
            connection.DeviceBytes += (long)data * count;
        }
        else
        {
            connection.RemoteSequence += (uint)(data * count);
        }
    }

    /// <summary>
    /// Splits <paramref name="packets"/> packets of <paramref name="bytes"/> in all into up to five trains of equal
    /// size (the mean moved by the spread points), one after the other over <paramref name="span"/> microseconds; a
    /// train of packets above <see cref="MaxIpPayloadBytes"/> is sent as more packets of at most that size.
    /// </summary>
    private static void ForEachTrain(int packets, long bytes, double sizeStd, long span, Action<int, int, long, long> train)
    {
        if (packets <= 0)
        {
            return;
        }

        var mean = (double)bytes / packets;
        var std = double.IsFinite(sizeStd) ? Math.Max(0, sizeStd) : 0;
        var trains = std == 0 ? 1 : Math.Min(packets, SpreadPoints.Length);
        long at = 0;
        for (var k = 0; k < trains; k++)
        {
            var count = packets / trains + (k < packets % trains ? 1 : 0);
            var z = trains == 1 ? 0 : SpreadPoints[k * (SpreadPoints.Length - 1) / (trains - 1)];
            var size = (int)Math.Max(0, Math.Round(mean + z * std));
            var share = span * count / packets;
            var sent = count;
            if (size > MaxIpPayloadBytes)
            {
                // Nothing larger than the MTU reaches an Ethernet wire: the train's bytes go in more full-sized packets.
                var trainBytes = (long)size * count;
                sent = (int)Math.Min(int.MaxValue, (trainBytes + MaxIpPayloadBytes - 1) / MaxIpPayloadBytes);
                size = (int)(trainBytes / sent);
            }

            train(size, sent, at, sent > 1 ? share / sent : 0);
            at += share;
        }
    }

    private PacketHeaders TcpHeaders(TcpConnection connection, long at, bool sent, TcpFlags flags, uint sequence, int data, int ipPayload = -1)
    {
        var headers = Headers(at, TransportProtocol.Tcp, 6, sent, connection.Remote, connection.DevicePort, connection.RemotePort, ipPayload < 0 ? TcpHeaderBytes + data : ipPayload);
        headers.Flags = flags;
        headers.Sequence = sequence;
        headers.Acknowledgment = sent ? connection.RemoteSequence : connection.DeviceSequence;
        headers.TransportPayloadLength = data;
        return headers;
    }

    private PacketHeaders Headers(long at, TransportProtocol protocol, byte ipProtocol, bool sent, HostAddress remote, ushort devicePort, ushort remotePort, int ipPayload) => new()
    {
        TimeMicros = at,
        Source = sent ? Device : remote,
        Destination = sent ? remote : Device,
        SourcePort = sent ? devicePort : remotePort,
        DestinationPort = sent ? remotePort : devicePort,
        Protocol = protocol,
        IpProtocol = ipProtocol,
        IpPayloadLength = ipPayload,
        TransportPayloadLength = protocol == TransportProtocol.Udp ? Math.Max(0, ipPayload - UdpHeaderBytes) : 0,
    };

    /// <summary>
    /// The device is off the network from <paramref name="fromUnixSeconds"/> to <paramref name="toUnixSeconds"/>
    /// (rebooting, out of Wi-Fi, powered off): packets scheduled in that span never reach the wire, whichever window
    /// of the device's (normal or anomalous) adds them, since the silence lives in their shared schedule.
    /// </summary>
    internal void Silence(double fromUnixSeconds, double toUnixSeconds) =>
        _schedule.Silence((long)Math.Round(fromUnixSeconds * 1e6), (long)Math.Round(toUnixSeconds * 1e6));

    private void Put(in PacketHeaders headers, string? name = null, int count = 1, long intervalMicros = 0)
    {
        _schedule.Add(new SimulatedPacket { Headers = headers, Count = count, IntervalMicros = intervalMicros, Name = name, Anomalous = _anomalous });
    }

    /// <summary>A handshake's round trip in microseconds: at least 50 µs, 1 ms when none is given.</summary>
    private static long HandshakeRoundTrip(double roundTripMs) => Span(Math.Max(0.05, double.IsFinite(roundTripMs) ? roundTripMs : 1) / 1000);

    /// <summary>The port a remote client connects from: Linux's ephemeral range, drawn.</summary>
    private ushort RemoteEphemeralPort() => (ushort)(32_768 + Random.NextInt(28_000));

    private ushort NextPort()
    {
        var port = (ushort)(_firstPort + _nextPort);
        _nextPort = (_nextPort + 1) % _portCount;
        return port;
    }

    private long At(double offset) => StartMicros + Span(offset);

    private static long Span(double seconds) => (long)Math.Round(seconds * 1e6);

    private double OffsetOf(long micros) => (micros - StartMicros) / 1e6;

    /// <summary>Packets of one train of a stream: when it starts, how many, how far apart, data in each.</summary>
    private readonly record struct SegmentTrain(long Start, int Count, long Interval, int Data);
}
