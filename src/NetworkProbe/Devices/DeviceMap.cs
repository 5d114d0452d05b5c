using System.Globalization;
using System.Net;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.NetworkProbe.Input;

namespace DigitalTwin.NetworkProbe.Devices;

/// <summary>
/// The map file: one host per line, <c>address,device_id[,device_type]</c>, where the address is an IPv4 or IPv6
/// address or an Ethernet address (<c>aa:bb:cc:dd:ee:ff</c>). A header line starting <c>address</c>, blank lines and
/// lines starting with <c>#</c> are skipped. Mapped hosts are devices even outside <c>--devices</c>.
/// </summary>
internal sealed class DeviceMap
{
    /// <summary>More entries than any LAN has, and few enough that a wrong file cannot exhaust memory.</summary>
    public const int MaxEntries = 1_000_000;

    private readonly Dictionary<HostAddress, DeviceIdentity> _byAddress = [];
    private readonly Dictionary<ulong, DeviceIdentity> _byMac = [];

    public static DeviceMap Empty { get; } = new();

    public int Count => _byAddress.Count + _byMac.Count;

    public bool TryFindAddress(HostAddress address, out DeviceIdentity identity) => _byAddress.TryGetValue(address, out identity!);

    public bool TryFindMac(ulong mac, out DeviceIdentity identity) => _byMac.TryGetValue(mac, out identity!);

    public static DeviceMap Load(string path, string defaultType)
    {
        var map = new DeviceMap();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in ListFile.Read("--map", path, "address,device_id[,device_type]", required: 2))
        {
            var fields = entry.Fields;
            if (!DeviceNames.IsValidId(fields[1]))
            {
                throw entry.Error($"'{fields[1]}' is not a device id ({DeviceNames.IdRule})");
            }

            var type = fields.Length == 3 && fields[2].Length > 0 ? fields[2] : defaultType;
            if (!DeviceNames.IsValidType(type))
            {
                throw entry.Error($"'{type}' is not a device type ({DeviceNames.TypeRule})");
            }

            var identity = new DeviceIdentity(fields[1], type);
            var added = TryParseMac(fields[0], out var mac)
                ? map._byMac.TryAdd(mac, identity)
                : IPAddress.TryParse(fields[0], out var ip) && !fields[0].Contains('%')
                    ? map._byAddress.TryAdd(HostAddress.From(ip), identity)
                    : throw entry.Error($"'{fields[0]}' is neither an IP address nor an Ethernet address");
            if (!added)
            {
                throw entry.Error($"'{fields[0]}' is mapped twice");
            }

            // Two hosts on one id would interleave their windows into one twin: refused, like any silent collision.
            if (!ids.TryAdd(identity.Id, fields[0]))
            {
                throw entry.Error($"device id '{identity.Id}' is already given to {ids[identity.Id]}");
            }

            if (map.Count > MaxEntries)
            {
                throw new UsageException($"--map {path}: more than {MaxEntries} entries");
            }
        }

        return map;
    }

    private static bool TryParseMac(string text, out ulong mac)
    {
        mac = 0;
        var parts = text.Split(':', '-');
        if (parts.Length != 6)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length != 2 || !byte.TryParse(part, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            mac = (mac << 8) | value;
        }

        return true;
    }
}
