namespace DigitalTwin.Behaviour.Traffic;

/// <summary>A remote service as a host's history knows it: address, port (0 for ICMP) and transport protocol.</summary>
internal readonly record struct RemoteEndpoint(UInt128 Address, ushort Port, TransportProtocol Protocol);
