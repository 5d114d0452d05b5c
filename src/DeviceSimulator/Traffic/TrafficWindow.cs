using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// One device's window while its traffic sources fill it: the time span, the device's generator, today's load from
/// its daily cycle, and the builder that turns the sessions and DNS queries added here into features.
/// </summary>
public sealed class TrafficWindow
{
    /// <summary>The LAN resolver every device asks (10.0.0.1).</summary>
    public static readonly uint Resolver = Endpoint.Ip(10, 0, 0, 1);

    private readonly NetworkWindowBuilder _builder;

    public TrafficWindow(NetworkWindowBuilder builder, Xoshiro256 random)
    {
        _builder = builder;
        Random = random;
    }

    public Xoshiro256 Random { get; }

    public DateTimeOffset Start { get; private set; }

    public double Seconds { get; private set; }

    /// <summary>Window start in Unix seconds: the clock sources schedule against.</summary>
    public double StartSeconds { get; private set; }

    public double EndSeconds => StartSeconds + Seconds;

    /// <summary>The device's daily-cycle factor at the window's middle (1 = average activity).</summary>
    public double Load { get; private set; }

    internal void Begin(DateTimeOffset start, double seconds, double load)
    {
        Start = start;
        Seconds = seconds;
        StartSeconds = start.ToUnixTimeMilliseconds() / 1000.0;
        Load = load;
    }

    public void Add(in FlowActivity flow) => _builder.Add(flow);

    public void Add(DnsName name, bool nxDomain) => _builder.Add(new DnsQuery(name, nxDomain));

    /// <summary>
    /// A DNS lookup at <paramref name="offset"/>: the query itself and the UDP exchange with the resolver that carries it.
    /// </summary>
    public void Lookup(double offset, DnsName name, bool nxDomain, int answerBytes = 90)
    {
        Add(name, nxDomain);
        AddShortSession(offset, TransportProtocol.Udp, Resolver, 53, 0.02, 1, 1, 30 + name.Length, answerBytes, 0, 2 + Random.NextDouble() * 3);
    }

    /// <summary>
    /// A whole short session inside this window: opened at <paramref name="offset"/>, over in <paramref name="lifetime"/>
    /// seconds, its packets spread over that span.
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
        int retransmissions = 0)
    {
        var active = Math.Min(lifetime, Math.Max(0, Seconds - offset));
        _builder.Add(new FlowActivity(
            offset, active, protocol, address, port, outbound, Opened: true, lifetime,
            packetsOut, packetsIn, bytesOut, bytesIn, sizeStd, roundTripMs, retransmissions, failed, tls));
    }
}
