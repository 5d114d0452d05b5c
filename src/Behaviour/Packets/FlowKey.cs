namespace DigitalTwin.Behaviour.Packets;

/// <summary>A flow as one device sees it: its address and port, the remote's, and the IP protocol.</summary>
internal readonly record struct FlowKey(HostAddress Device, HostAddress Remote, ushort DevicePort, ushort RemotePort, byte IpProtocol);
