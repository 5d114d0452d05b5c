using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>The ids the probe gives unmapped hosts: <c>ip-10-0-0-5</c>, <c>ip6-fd00--5</c> (compressed form, ':' as '-').</summary>
public static class DeviceIds
{
    public static string Of(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
            ? "ip6-" + address.ToString().Replace(':', '-')
            : "ip-" + address.ToString().Replace('.', '-');

    public static string Of(string address) => Of(IPAddress.Parse(address));
}
