using System.Collections.Concurrent;
using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.NetworkProbe.Devices;

/// <summary>
/// Which hosts are devices and which twin each one's windows go to: a host in the map file takes its id and type
/// from there; any other host inside a <c>--devices</c> subnet gets an id derived from its address
/// (<c>ip-10-0-0-5</c>, <c>ip6-fd00--5</c>) and the type <see cref="NetworkHostType"/>. Everything else is a remote peer.
/// </summary>
public sealed class DeviceDirectory(IReadOnlyList<DeviceSubnet> subnets, DeviceMap map)
{
    /// <summary>The device type of a probe-observed host the map file does not type.</summary>
    public const string NetworkHostType = "network_host";

    // Written by the capture thread when a host first sends, read by the output: the identity is fixed from then on.
    private readonly ConcurrentDictionary<HostAddress, DeviceIdentity> _identities = new();

    public bool IsDevice(HostAddress address, ulong mac)
    {
        if (map.TryFind(address, mac, out var mapped))
        {
            _identities.TryAdd(address, mapped);
            return true;
        }

        foreach (var subnet in subnets)
        {
            if (subnet.Contains(address))
            {
                _identities.TryAdd(address, new DeviceIdentity(DerivedId(address), NetworkHostType));
                return true;
            }
        }

        return false;
    }

    public DeviceIdentity IdentityOf(HostAddress address) =>
        _identities.TryGetValue(address, out var identity) ? identity : new DeviceIdentity(DerivedId(address), NetworkHostType);

    /// <summary>
    /// <c>ip-</c> and the dotted address with dashes, or <c>ip6-</c> and the compressed IPv6 text with dashes for
    /// colons: valid device ids, and readable back into the address.
    /// </summary>
    public static string DerivedId(HostAddress address) => address.IsIPv4
        ? "ip-" + address.ToString().Replace('.', '-')
        : "ip6-" + address.ToString().Replace(':', '-');
}
