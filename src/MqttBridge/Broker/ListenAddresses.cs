using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// Where the broker's listeners bind for <c>Mqtt:BindAddress</c>: that address, and its IPv6 counterpart (<c>::</c>
/// for <c>0.0.0.0</c>, else <c>::1</c>, as private as the IPv4 one) only where this host has IPv6. A pod or container
/// with IPv6 switched off has none, and binding it would stop the silo at start-up.
/// </summary>
internal static class ListenAddresses
{
    /// <summary>The IPv6 address to listen on beside <paramref name="address"/>; null when the host cannot bind it.</summary>
    public static IPAddress? IPv6CounterpartOf(IPAddress address)
    {
        var counterpart = address.Equals(IPAddress.Any) ? IPAddress.IPv6Any : IPAddress.IPv6Loopback;
        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(counterpart, 0));
            return counterpart;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
