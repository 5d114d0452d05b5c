namespace DigitalTwin.Behaviour.Packets;

/// <summary>
/// How <see cref="TrafficObserver"/> cuts windows and when it gives up on a flow. The defaults suit a LAN of IoT devices;
/// docs/probe.md explains each.
/// </summary>
public sealed record TrafficObserverOptions
{
    /// <summary>Window length; windows are aligned to multiples of it in Unix time.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Flows tracked at once; beyond it the longest-idle flow is evicted (and counted).</summary>
    public int MaxFlows { get; init; } = 262_144;

    /// <summary>Hosts tracked as devices at once; traffic of further devices is counted and otherwise ignored.</summary>
    public int MaxDevices { get; init; } = 65_536;

    /// <summary>
    /// A device silent this long is forgotten (its recent session starts with it), so hosts that come and go, such as
    /// IPv6 temporary addresses, do not fill <see cref="MaxDevices"/> for good. It becomes a device again when it sends.
    /// </summary>
    public TimeSpan DeviceIdleTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A TCP connection attempt unanswered this long has failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A TLS handshake not completed this long after its ClientHello has failed.</summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An established TCP connection silent this long has ended.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A UDP, ICMP or other flow silent this long has ended.</summary>
    public TimeSpan DatagramIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a closed connection stays in the table, so its trailing packets do not look like a new flow.</summary>
    public TimeSpan ClosedLinger { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Every confirmed device gets a window for every window, empty ones included, rather than only for windows it had
    /// traffic in: the simulator writes a row per device and window. Off for the probe, where idle hosts would cost a
    /// window each.
    /// </summary>
    public bool ReportQuietDevices { get; init; }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromHours(1) || Window.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "a window lasts from 1 s to 1 h, in whole milliseconds");
        }

        if (MaxFlows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFlows), MaxFlows, "at least one flow");
        }

        if (MaxDevices < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDevices), MaxDevices, "at least one device");
        }

        foreach (var (name, value) in new[]
        {
            (nameof(ConnectTimeout), ConnectTimeout), (nameof(TlsHandshakeTimeout), TlsHandshakeTimeout),
            (nameof(TcpIdleTimeout), TcpIdleTimeout), (nameof(DatagramIdleTimeout), DatagramIdleTimeout), (nameof(ClosedLinger), ClosedLinger),
            (nameof(DeviceIdleTimeout), DeviceIdleTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, "a timeout is positive");
            }
        }
    }
}
