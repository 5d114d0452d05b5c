using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.NetworkProbe.Devices;

/// <summary>
/// The map file: one host per line, <c>address,device_id[,device_type]</c>, where the address is an IPv4 or IPv6
/// address or an Ethernet address (<c>aa:bb:cc:dd:ee:ff</c>). A header line starting <c>address</c>, blank lines and
/// lines starting with <c>#</c> are skipped. Mapped hosts are devices even outside <c>--devices</c>.
/// </summary>
public sealed partial class DeviceMap
{
    /// <summary>More entries than any LAN has, and few enough that a wrong file cannot exhaust memory.</summary>
    public const int MaxEntries = 1_000_000;

    private readonly Dictionary<HostAddress, DeviceIdentity> _byAddress = [];
    private readonly Dictionary<ulong, DeviceIdentity> _byMac = [];

    public static DeviceMap Empty { get; } = new();

    public int Count => _byAddress.Count + _byMac.Count;

    public bool TryFind(HostAddress address, ulong mac, out DeviceIdentity identity) =>
        _byAddress.TryGetValue(address, out identity!) || (mac != 0 && _byMac.TryGetValue(mac, out identity!));

    public static DeviceMap Load(string path, string defaultType)
    {
        var map = new DeviceMap();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--map: cannot read '{path}': {ex.Message}");
        }

        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || (number == 1 && line.StartsWith("address", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length is < 2 or > 3)
            {
                throw new UsageException($"--map {path}:{number}: expected 'address,device_id[,device_type]'");
            }

            if (!DeviceIdPattern().IsMatch(fields[1]))
            {
                throw new UsageException($"--map {path}:{number}: '{fields[1]}' is not a device id (1-64 characters, lowercase [a-z0-9._-], starting with a letter or digit)");
            }

            var type = fields.Length == 3 && fields[2].Length > 0 ? fields[2] : defaultType;
            if (!DeviceTypePattern().IsMatch(type))
            {
                throw new UsageException($"--map {path}:{number}: '{type}' is not a device type (1-64 characters [A-Za-z0-9_.-], starting with a letter or '_')");
            }

            var identity = new DeviceIdentity(fields[1], type);
            var added = TryParseMac(fields[0], out var mac)
                ? map._byMac.TryAdd(mac, identity)
                : IPAddress.TryParse(fields[0], out var ip) && !fields[0].Contains('%')
                    ? map._byAddress.TryAdd(HostAddress.From(ip), identity)
                    : throw new UsageException($"--map {path}:{number}: '{fields[0]}' is neither an IP address nor an Ethernet address");
            if (!added)
            {
                throw new UsageException($"--map {path}:{number}: '{fields[0]}' is mapped twice");
            }

            // Two hosts on one id would interleave their windows into one twin: refused, like any silent collision.
            if (!ids.TryAdd(identity.Id, fields[0]))
            {
                throw new UsageException($"--map {path}:{number}: device id '{identity.Id}' is already given to {ids[identity.Id]}");
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

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex DeviceIdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex DeviceTypePattern();
}
