using System.Net;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// The devices a probe account may publish network windows for: named ids, and the ids the probe derives from
/// addresses in its subnets (<c>ip-10-0-0-5</c> for 10.0.0.5, <c>ip6-fd00--5</c> for fd00::5; see docs/probe.md).
/// </summary>
public sealed class ProbeScope(IReadOnlySet<string> deviceIds, IReadOnlyList<IPNetwork> subnets)
{
    public bool Allows(string deviceId) =>
        deviceIds.Contains(deviceId) || (AddressOf(deviceId) is { } address && subnets.Any(subnet => subnet.Contains(address)));

    /// <summary>The address a derived id names, or null when the id is not derived from one.</summary>
    public static IPAddress? AddressOf(string deviceId)
    {
        string text;
        if (deviceId.StartsWith("ip-", StringComparison.Ordinal))
        {
            text = deviceId[3..].Replace('-', '.');
            return IPAddress.TryParse(text, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') == 3 ? v4 : null;
        }

        if (deviceId.StartsWith("ip6-", StringComparison.Ordinal))
        {
            text = deviceId[4..].Replace('-', ':');
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? v6 : null;
        }

        return null;
    }
}
