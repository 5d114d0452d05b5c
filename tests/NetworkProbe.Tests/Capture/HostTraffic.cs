using System.Net;

namespace DigitalTwin.NetworkProbe.Tests.Capture;

/// <summary>
/// One host's packets of a capture and the window features that follow from them directly, computed here from
/// tshark's decoding, independently of the probe.
/// </summary>
public sealed class HostTraffic(IPAddress host, IReadOnlyList<CapturedPacket> packets, int windowSeconds)
{
    public IPAddress Host { get; } = host;

    public IReadOnlyList<CapturedPacket> Packets { get; } = packets;

    public IEnumerable<CapturedPacket> Sent => Packets.Where(p => p.Source.Equals(Host));

    public IEnumerable<CapturedPacket> Received => Packets.Where(p => p.Destination.Equals(Host));

    /// <summary>The starts of the windows in which the host sent or received packets.</summary>
    public IReadOnlyList<DateTimeOffset> WindowStarts => Packets.Select(p => p.WindowStart(windowSeconds)).Distinct().Order().ToList();

    public IReadOnlyList<CapturedPacket> In(DateTimeOffset windowStart) =>
        Packets.Where(p => p.WindowStart(windowSeconds) == windowStart).ToList();

    /// <summary>The feature values a window's packets determine on their own, by feature name.</summary>
    public IReadOnlyDictionary<string, double> ExpectedFeatures(DateTimeOffset windowStart)
    {
        var window = In(windowStart);
        var sent = window.Where(p => p.Source.Equals(Host)).ToList();
        var received = window.Where(p => p.Destination.Equals(Host)).ToList();
        double total = window.Count;
        var sizes = window.Select(p => (double)p.IpPayloadBytes).ToList();
        var mean = sizes.Average();
        return new Dictionary<string, double>
        {
            ["packets_in"] = received.Count,
            ["packets_out"] = sent.Count,
            ["bytes_in"] = received.Sum(p => p.IpPayloadBytes),
            ["bytes_out"] = sent.Sum(p => p.IpPayloadBytes),
            ["packet_rate_mean"] = total / windowSeconds,
            ["packet_rate_peak"] = window.GroupBy(p => Math.Floor(p.Time)).Max(g => g.Count()),
            ["tcp_ratio"] = window.Count(p => p.Transport == Transport.Tcp) / total,
            ["udp_ratio"] = window.Count(p => p.Transport == Transport.Udp) / total,
            ["icmp_ratio"] = window.Count(p => p.Transport == Transport.Icmp) / total,
            ["other_ratio"] = window.Count(p => p.Transport == Transport.Other) / total,
            ["payload_size_mean"] = mean,
            ["payload_size_std"] = Math.Sqrt(sizes.Sum(s => (s - mean) * (s - mean)) / sizes.Count),
            ["listening_ports"] = sent.Where(p => p.Tcp is { SynAck: true }).Select(p => p.SourcePort).Distinct().Count(),
        };
    }

    /// <summary>Distinct remote addresses the host exchanged packets with in the window.</summary>
    public int DistinctRemotes(DateTimeOffset windowStart) =>
        In(windowStart).Select(p => p.Source.Equals(Host) ? p.Destination : p.Source).Distinct().Count();

    /// <summary>The TCP handshakes the host took part in: (stream, SYN, SYN-ACK, ACK) times, the ACK being the first segment after the SYN-ACK from the SYN's sender.</summary>
    public IReadOnlyList<Handshake> Handshakes()
    {
        var result = new List<Handshake>();
        foreach (var stream in Packets.Where(p => p.Tcp is not null).GroupBy(p => p.Tcp!.Stream))
        {
            var syn = stream.FirstOrDefault(p => p.Tcp is { Syn: true, Ack: false });
            var synAck = stream.FirstOrDefault(p => p.Tcp is { SynAck: true });
            if (syn is null || synAck is null)
            {
                continue;
            }

            var ack = stream.FirstOrDefault(p => p.Time >= synAck.Time && p.Frame > synAck.Frame && p.Source.Equals(syn.Source) && p.Tcp is { Ack: true, Syn: false, Rst: false });
            result.Add(new Handshake(stream.Key, syn, synAck, ack, syn.Source.Equals(Host)));
        }

        return result;
    }

    /// <summary>
    /// Retransmissions as a passive sensor sees them, in either direction of the host's TCP connections: a segment
    /// with data, SYN or FIN whose whole sequence range the capture had already seen in its direction, a keep-alive
    /// probe (at most one byte, one below the highest sequence number seen) excepted. A segment that comes late but was
    /// never seen (reordered) is none.
    /// </summary>
    public IReadOnlyList<CapturedPacket> Retransmitted()
    {
        var result = new List<CapturedPacket>();
        foreach (var direction in Packets.Where(p => p.Tcp is not null).GroupBy(p => (p.Tcp!.Stream, p.Source)))
        {
            var seen = new List<(long From, long To)>();
            long highest = long.MinValue;
            foreach (var packet in direction.OrderBy(p => p.Frame))
            {
                var tcp = packet.Tcp!;
                var length = tcp.PayloadLength + (tcp.Syn ? 1 : 0) + (tcp.Fin ? 1 : 0);
                if (length == 0)
                {
                    continue;
                }

                var from = tcp.Sequence;
                var to = tcp.Sequence + length;
                var keepAlive = tcp.PayloadLength <= 1 && !tcp.Syn && !tcp.Fin && from + 1 == highest;
                if (!keepAlive && Covered(seen, from, to))
                {
                    result.Add(packet);
                }

                seen.Add((from, to));
                highest = Math.Max(highest, to);
            }
        }

        return result;
    }

    private static bool Covered(List<(long From, long To)> seen, long from, long to)
    {
        var position = from;
        foreach (var (start, end) in seen.OrderBy(r => r.From))
        {
            if (start <= position && end > position)
            {
                position = end;
            }

            if (position >= to)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A TCP three-way handshake seen in a capture; <see cref="HostIsClient"/> tells which side the host was.</summary>
public sealed record Handshake(int Stream, CapturedPacket Syn, CapturedPacket SynAck, CapturedPacket? Ack, bool HostIsClient)
{
    /// <summary>SYN → SYN-ACK, what the client measures, in ms.</summary>
    public double ClientRttMs => (double)(SynAck.Time - Syn.Time) * 1000;

    /// <summary>SYN-ACK → ACK, what the server measures, in ms.</summary>
    public double? ServerRttMs => Ack is null ? null : (double)(Ack.Time - SynAck.Time) * 1000;
}
