namespace DigitalTwin.Behaviour.Traffic;

/// <summary>
/// What one session (a TCP connection, or a UDP/ICMP flow) did inside one window: the unit a probe or the simulator
/// feeds to <see cref="NetworkWindowBuilder"/>. A long session appears once per window it is active in, with
/// <see cref="Opened"/> only in the window it started.
/// </summary>
/// <param name="Offset">Seconds from the window start to the session's first packet in this window.</param>
/// <param name="ActiveSeconds">Seconds from <paramref name="Offset"/> over which this window's packets are spread (0 = one instant).</param>
/// <param name="Protocol">Transport protocol.</param>
/// <param name="RemoteAddress">Remote address as a number, IPv4 or IPv6 (only its identity matters; see <c>HostAddress</c>).</param>
/// <param name="RemotePort">Remote port (0 for ICMP).</param>
/// <param name="Outbound">True when the device initiated the session; false for sessions it accepted.</param>
/// <param name="Opened">True in the window the session started; counts towards sessions opened and durations.</param>
/// <param name="Lifetime">For an opened session, its whole lifetime in seconds: its duration counts in the window it ends.</param>
/// <param name="PacketsOut">Packets the device sent in this window.</param>
/// <param name="PacketsIn">Packets the device received in this window.</param>
/// <param name="BytesOut">Payload bytes the device sent.</param>
/// <param name="BytesIn">Payload bytes the device received.</param>
/// <param name="PayloadSizeStd">Standard deviation of this session's packet payload sizes (bytes).</param>
/// <param name="RoundTripMs">Round-trip time of a TCP session's handshake in ms (used in the window it opened), or NaN.</param>
/// <param name="Retransmissions">TCP retransmissions in this window.</param>
/// <param name="Failed">The connection attempt was refused, reset or never answered.</param>
/// <param name="Tls">TLS handshake started in this window and its outcome.</param>
public readonly record struct FlowActivity(
    double Offset,
    double ActiveSeconds,
    TransportProtocol Protocol,
    UInt128 RemoteAddress,
    ushort RemotePort,
    bool Outbound,
    bool Opened,
    double Lifetime,
    int PacketsOut,
    int PacketsIn,
    long BytesOut,
    long BytesIn,
    double PayloadSizeStd,
    double RoundTripMs,
    int Retransmissions,
    bool Failed,
    TlsOutcome Tls);
