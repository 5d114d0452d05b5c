using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Packets;

/// <summary>
/// One host's window builder and the window it is open for. A host that has only received packets so far is
/// pending: its window is built but handed on only once it sends, so that traffic to addresses nobody answers from
/// (a scan of an empty subnet) makes no devices, while a server's first received SYN still counts.
/// </summary>
internal sealed class DeviceTraffic(HostAddress address, bool confirmed)
{
    /// <summary>Durations kept for a device's next window: sessions that ended while it had no window open.</summary>
    public const int MaxHeldDurations = 4096;

    public HostAddress Address { get; } = address;

    public NetworkWindowBuilder Builder { get; } = new();

    /// <summary>Index of the window the builder is open for, or -1.</summary>
    public long OpenWindow { get; set; } = -1;

    /// <summary>The host has sent a packet: it is a device whose windows are handed on.</summary>
    public bool Confirmed { get; set; } = confirmed;

    public List<double> HeldDurations { get; } = [];

    /// <summary>Announced by the caller (<see cref="TrafficObserver.Announce"/>): never forgotten for being idle.</summary>
    public bool Announced { get; set; }

    /// <summary>When the host last sent or received a packet (Unix microseconds).</summary>
    public long LastPacketMicros { get; set; }
}
