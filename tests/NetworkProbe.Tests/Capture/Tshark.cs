using System.Globalization;
using System.Net;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests.Capture;

/// <summary>
/// Reads a capture with tshark, the independent reference for what it really contains: one
/// <see cref="CapturedPacket"/> per IP packet (non-IP frames such as ARP are left out).
/// </summary>
public static class Tshark
{
    private static readonly string[] Fields =
    [
        "frame.number", "frame.time_epoch", "frame.protocols", "vlan.id",
        "ip.src", "ip.dst", "ip.len", "ip.hdr_len", "ipv6.src", "ipv6.dst", "ipv6.plen",
        "tcp.stream", "tcp.seq_raw", "tcp.flags", "tcp.len", "tcp.srcport", "tcp.dstport",
        "udp.srcport", "udp.dstport", "dns.flags.response", "dns.flags.rcode", "dns.qry.name",
        "tls.handshake.type", "tls.alert_message.level",
    ];

    public static async Task<IReadOnlyList<CapturedPacket>> ReadAsync(string capture)
    {
        List<string> arguments = ["-r", capture, "-n", "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f", "-Y", "ip || ipv6"];
        foreach (var field in Fields)
        {
            arguments.Add("-e");
            arguments.Add(field);
        }

        var result = (await Command.RunAsync("tshark", arguments, TimeSpan.FromMinutes(2))).EnsureSuccess();
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
    }

    private static CapturedPacket Parse(string line)
    {
        var f = line.TrimEnd('\r').Split('\t');
        string Get(string name) => f[Array.IndexOf(Fields, name)];
        int? Int(string name) => Get(name) is { Length: > 0 } s ? int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

        var v4 = Get("ip.src").Length > 0;
        var source = IPAddress.Parse(v4 ? Get("ip.src") : Get("ipv6.src"));
        var destination = IPAddress.Parse(v4 ? Get("ip.dst") : Get("ipv6.dst"));
        var payload = v4 ? Int("ip.len")!.Value - Int("ip.hdr_len")!.Value : Int("ipv6.plen")!.Value;
        var transport = OutermostTransport(Get("frame.protocols"));

        TcpSegment? tcp = null;
        int? sourcePort = null, destinationPort = null;
        if (transport == Transport.Tcp && Get("tcp.stream").Length > 0)
        {
            tcp = new TcpSegment(
                Int("tcp.stream")!.Value,
                long.Parse(Get("tcp.seq_raw"), CultureInfo.InvariantCulture),
                Convert.ToInt32(Get("tcp.flags"), 16),
                Int("tcp.len") ?? 0);
            sourcePort = Int("tcp.srcport");
            destinationPort = Int("tcp.dstport");
        }
        else if (transport == Transport.Udp)
        {
            sourcePort = Int("udp.srcport");
            destinationPort = Int("udp.dstport");
        }

        DnsMessage? dns = Get("dns.flags.response") is { Length: > 0 } response
            ? new DnsMessage(response is "1" or "True", Int("dns.flags.rcode") ?? 0, Get("dns.qry.name"))
            : null;

        return new CapturedPacket(
            Int("frame.number")!.Value,
            decimal.Parse(Get("frame.time_epoch"), CultureInfo.InvariantCulture),
            source,
            destination,
            payload,
            transport,
            Int("vlan.id"),
            tcp,
            sourcePort,
            destinationPort,
            dns,
            Int("tls.handshake.type"),
            Get("tls.alert_message.level").Length > 0);
    }

    /// <summary>The first transport after the first IP header: "eth:ethertype:ip:icmp:ip:udp" is ICMP.</summary>
    private static Transport OutermostTransport(string protocols)
    {
        foreach (var layer in protocols.Split(':').SkipWhile(p => p is not ("ip" or "ipv6")).Skip(1))
        {
            switch (layer)
            {
                case "tcp": return Transport.Tcp;
                case "udp": return Transport.Udp;
                case "icmp" or "icmpv6": return Transport.Icmp;
                case "ipv6.hopopts" or "ipv6.routing" or "ipv6.fraghdr" or "ipv6.dstopts": continue;
                default: return Transport.Other;
            }
        }

        return Transport.Other;
    }
}
