using System.Net;

namespace DigitalTwin.NetworkProbe.Tests.Lab;

/// <summary>
/// One machine of the lab: a network namespace whose <c>eth0</c> is a veth plugged into the switch's
/// <paramref name="SwitchPort"/>, with an IPv4 and an IPv6 (ULA) address.
/// </summary>
public sealed record LabHost(string Name, string Namespace, string SwitchPort, IPAddress IPv4, IPAddress IPv6)
{
    public const string Interface = "eth0";

    public string DeviceId => DeviceIds.Of(IPv4);

    public string DeviceIdV6 => DeviceIds.Of(IPv6);
}
