namespace DigitalTwin.Behaviour.Traffic;

public enum TransportProtocol : byte
{
    Tcp,
    Udp,
    Icmp,
    Other,
}
