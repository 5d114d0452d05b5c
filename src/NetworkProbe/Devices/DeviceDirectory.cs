using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.NetworkProbe.Devices;

/// <summary>
/// Which hosts are devices and which twin each one's windows go to: a host in the map file takes its id and type
/// from there; any other host inside a <c>--devices</c> subnet gets an id derived from its address
/// (<c>ip-10-0-0-5</c>, <c>ip6-fd00--5</c>) and the type <see cref="NetworkHostType"/>. Everything else is a remote peer.
/// An Ethernet address in the map names the first IP address seen sending from it and no other, so a dual-stack
/// host or a router's routed traffic never puts two series on one id. Used on the capture thread only.
/// </summary>
internal sealed class DeviceDirectory(IReadOnlyList<DeviceSubnet> subnets, DeviceMap map)
{
    /// <summary>The device type of a probe-observed host the map file does not type.</summary>
    public const string NetworkHostType = "network_host";

    private readonly Dictionary<HostAddress, DeviceIdentity> _mapped = [];
    private readonly Dictionary<ulong, HostAddress> _macAddresses = [];

    /// <param name="address">The host's address.</param>
    /// <param name="mac">The Ethernet address it sent from; 0 for a packet it received.</param>
    public bool IsDevice(HostAddress address, ulong mac)
    {
        if (map.TryFindAddress(address, out var mapped))
        {
            _mapped[address] = mapped;
            return true;
        }

        // The first address seen sending from a mapped Ethernet address is that host's; other addresses from it are not.
        if (mac != 0 && map.TryFindMac(mac, out var byMac) && (_macAddresses.TryAdd(mac, address) || _macAddresses[mac] == address))
        {
            _mapped[address] = byMac;
            return true;
        }

        foreach (var subnet in subnets)
        {
            if (subnet.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public DeviceIdentity IdentityOf(HostAddress address) =>
        _mapped.TryGetValue(address, out var identity) ? identity : new DeviceIdentity(DerivedId(address), NetworkHostType);

    /// <summary>
    /// <c>ip-</c> and the dotted address with dashes, or <c>ip6-</c> and the compressed IPv6 text with dashes for
    /// colons: valid device ids, and readable back into the address.
    /// </summary>
    public static string DerivedId(HostAddress address) => address.IsIPv4
        ? "ip-" + address.ToString().Replace('.', '-')
        : "ip6-" + address.ToString().Replace(':', '-');
}
