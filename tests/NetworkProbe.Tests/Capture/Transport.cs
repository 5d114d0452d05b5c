namespace DigitalTwin.NetworkProbe.Tests.Capture;

/// <summary>The packet's outermost transport, as the ratio features split traffic.</summary>
public enum Transport
{
    Tcp,
    Udp,
    Icmp,
    Other,
}
