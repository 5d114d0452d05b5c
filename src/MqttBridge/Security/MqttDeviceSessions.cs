using DigitalTwin.Grains.Credentials;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>Closes this silo's broker connections of a device whose credential was revoked (MQTT 5: DISCONNECT Not authorized).</summary>
internal sealed class MqttDeviceSessions(MqttServer server) : IDeviceSessions
{
    public async Task CloseAsync(string deviceId, string? credentialId)
    {
        if (!server.IsStarted)
        {
            return;
        }

        foreach (var client in await server.GetClientsAsync())
        {
            if (BrokerIdentity.Of(client.Session?.Items) is { Role: BrokerRole.Device } identity && identity.Name == deviceId
                && (credentialId is null || identity.CredentialId == credentialId))
            {
                await client.DisconnectAsync(new MqttServerClientDisconnectOptions
                {
                    ReasonCode = MqttDisconnectReasonCode.NotAuthorized,
                    ReasonString = "the credential of this connection was revoked",
                });
            }
        }
    }
}
