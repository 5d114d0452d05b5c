using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A remote service a device talks to: its address (only identity matters), port, protocol, the DNS name it is found
/// by (null when reached by address) and its round-trip time.
/// </summary>
public sealed record Endpoint(uint Address, ushort Port, TransportProtocol Protocol, DomainName? Name, double RoundTripMs, double JitterMs)
{
    public static uint Ip(byte a, byte b, byte c, byte d) => (uint)(a << 24 | b << 16 | c << 8 | d);

    public static Endpoint Of(string? name, uint address, ushort port, TransportProtocol protocol, double roundTripMs, double jitterMs) =>
        new(address, port, protocol, name is null ? null : new DomainName(name), roundTripMs, jitterMs);

    public double RoundTrip(Xoshiro256 random) => Math.Max(0.1, random.Normal(RoundTripMs, JitterMs));
}
