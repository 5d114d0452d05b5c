using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Packets;
using static DigitalTwin.Behaviour.Tests.Packets.Frames;

namespace DigitalTwin.Behaviour.Tests.Packets;

/// <summary>
/// A <see cref="TrafficObserver"/> fed frames built by <see cref="Frames"/> and read back by the parser, with times in
/// seconds from a window-aligned origin; devices are the hosts of 10.0.0.0/24 and fd00::/64. Collects every window.
/// </summary>
internal sealed class ObservedTraffic
{
    /// <summary>A Unix time (µs) that is a multiple of every window length the tests use.</summary>
    public const long OriginMicros = 1_800_000_000L * 1_000_000;

    public ObservedTraffic(TrafficObserverOptions? options = null)
    {
        Observer = new TrafficObserver(options ?? new TrafficObserverOptions(), IsDevice, (host, window) => Windows.Add((host, window)));
    }

    public TrafficObserver Observer { get; }

    public List<(HostAddress Host, NetworkWindow Window)> Windows { get; } = [];

    public static bool IsDevice(HostAddress address, ulong mac)
    {
        var text = address.ToString();
        return address.IsIPv4 ? text.StartsWith("10.0.0.", StringComparison.Ordinal) : text.StartsWith("fd00::", StringComparison.Ordinal);
    }

    public static long Micros(double seconds) => OriginMicros + (long)Math.Round(seconds * 1_000_000);

    /// <summary>An IP packet (<see cref="Frames.IPv4"/> or <see cref="Frames.IPv6"/>) captured <paramref name="seconds"/> after the origin.</summary>
    public void Packet(double seconds, byte[] ipPacket)
    {
        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse((int)CaptureLinkType.Raw, ipPacket, Micros(seconds), out var headers));
        Observer.Observe(headers);
    }

    /// <summary>
    /// Whether trains (<see cref="Train"/>) go to the observer as one observation of like packets rather than as their
    /// packets one by one.
    /// </summary>
    public bool TrainsInBulk { get; set; }

    /// <summary>
    /// <paramref name="count"/> packets like <paramref name="ipPacket"/>, the first at <paramref name="seconds"/> and each
    /// next one <paramref name="intervalSeconds"/> later: in bulk, or one by one with each TCP segment's sequence number
    /// following the one before.
    /// </summary>
    public void Train(double seconds, byte[] ipPacket, int count, double intervalSeconds)
    {
        Assert.Equal(PacketParseResult.Parsed, PacketParser.TryParse((int)CaptureLinkType.Raw, ipPacket, Micros(seconds), out var headers));
        var intervalMicros = (long)Math.Round(intervalSeconds * 1_000_000);
        if (TrainsInBulk)
        {
            Observer.Observe(headers, count, intervalMicros);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var single = headers;
            single.TimeMicros = headers.TimeMicros + i * intervalMicros;
            single.Sequence = headers.Sequence + (uint)(i * headers.TransportPayloadLength);
            Observer.Observe(single);
        }
    }

    public void Udp(double seconds, string source, ushort sourcePort, string destination, ushort destinationPort, byte[] payload) =>
        Packet(seconds, Ip(source, destination, 17, Frames.Udp(sourcePort, destinationPort, payload)));

    public TcpConversation Tcp(string client, ushort clientPort, string server, ushort serverPort) => new(this, client, clientPort, server, serverPort);

    public void AdvanceTo(double seconds) => Observer.AdvanceTo(Micros(seconds));

    public void Complete() => Observer.Complete();

    public static byte[] Ip(string source, string destination, byte protocol, byte[] transport) =>
        source.Contains(':') ? IPv6(source, destination, protocol, transport) : IPv4(source, destination, protocol, transport);

    /// <summary>The window of <paramref name="host"/> that starts <paramref name="index"/> windows after the origin, or null.</summary>
    public NetworkWindow? WindowOf(string host, int index, double windowSeconds = 10)
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(OriginMicros / 1000).AddSeconds(index * windowSeconds);
        var address = Host(host);
        var found = Windows.Where(w => w.Host == address && w.Window.Start == start).ToList();
        Assert.True(found.Count <= 1, $"{found.Count} windows of {host} at {start:O}");
        return found.Count == 0 ? null : found[0].Window;
    }

    /// <summary>A feature of a window that must exist.</summary>
    public double Feature(string host, int index, NetworkFeature feature)
    {
        var window = WindowOf(host, index);
        Assert.True(window is not null, $"no window {index} of {host}; windows: {string.Join(", ", Windows.Select(w => $"{w.Host}@{w.Window.Start:HH:mm:ss}"))}");
        return window[feature];
    }
}
