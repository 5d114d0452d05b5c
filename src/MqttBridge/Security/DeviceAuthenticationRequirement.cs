using DigitalTwin.Grains.Security;
using Microsoft.Extensions.Options;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>Production needs the broker to authenticate every client, so no one publishes as a device it is not.</summary>
internal sealed class DeviceAuthenticationRequirement(IOptions<BrokerAuthOptions> auth) : ISecurityRequirement
{
    public IEnumerable<string> FindGaps()
    {
        if (!auth.Value.Enabled)
        {
            yield return $"any client may connect to the MQTT broker and publish as any device: enable device authentication ({BrokerAuthOptions.SectionName}:Enabled=true, secrets from POST /api/v1/twins/{{id}}/credentials).";
        }
    }
}
