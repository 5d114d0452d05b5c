using System.Net;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.NetworkProbe.Devices;

/// <summary>A local subnet whose hosts are devices, e.g. <c>10.0.0.0/24</c> or <c>fd00::/64</c>.</summary>
internal sealed class DeviceSubnet
{
    private readonly UInt128 _network;
    private readonly UInt128 _mask;

    private DeviceSubnet(string text, UInt128 network, UInt128 mask)
    {
        Text = text;
        _network = network;
        _mask = mask;
    }

    public string Text { get; }

    public bool Contains(HostAddress address) => (address.Value & _mask) == _network;

    /// <summary>Reads <c>address/prefix</c>; a bare address is a single host.</summary>
    public static DeviceSubnet Parse(string text)
    {
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var ip) || addressText.Contains('%'))
        {
            throw new UsageException($"--devices: '{text}' is not an IPv4 or IPv6 subnet such as 10.0.0.0/24 or fd00::/64");
        }

        var address = HostAddress.From(ip);
        var bits = address.IsIPv4 ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], out prefix) || prefix < 0 || prefix > bits))
        {
            throw new UsageException($"--devices: '{text}' has a prefix length that is not 0-{bits}");
        }

        // An IPv4 prefix counts within the mapped form's last 32 bits; the 96 bits before them always match.
        var hostBits = bits - prefix;
        var mask = hostBits == 128 ? UInt128.Zero : UInt128.MaxValue << hostBits;
        return new DeviceSubnet(text, address.Value & mask, mask);
    }
}
