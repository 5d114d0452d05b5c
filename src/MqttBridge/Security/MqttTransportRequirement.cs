using DigitalTwin.Grains.Security;
using DigitalTwin.MqttBridge.Hosting;
using Microsoft.Extensions.Options;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// Production needs device traffic encrypted: the TLS listener open and the plain one closed. There is no opt-out:
/// a device's credentials travel in its CONNECT, and unlike HTTP, MQTT is rarely put behind a TLS-terminating proxy.
/// </summary>
internal sealed class MqttTransportRequirement(IOptions<MqttBridgeOptions> options) : ISecurityRequirement
{
    public IEnumerable<string> FindGaps()
    {
        var mqtt = options.Value;
        if (!mqtt.Tls.Enabled)
        {
            yield return $"devices talk MQTT in clear text: enable MQTT over TLS ({MqttTlsOptions.SectionName}:Enabled=true with {MqttTlsOptions.SectionName}:CertificatePath and KeyPath, or Pkcs12Path).";
        }

        if (mqtt.PlainEnabled)
        {
            yield return $"plain MQTT is open on port {mqtt.Port}: close it ({MqttBridgeOptions.SectionName}:PlainEnabled=false).";
        }
    }
}
