using DigitalTwin.Grains.Interfaces.Credentials;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>Where the broker reads a device's active credentials (the credentials grain, the one truth for every silo).</summary>
internal interface IDeviceCredentialSource
{
    Task<CredentialHash[]> GetActiveAsync(string deviceId);

    Task RecordUseAsync(string deviceId, string credentialId, DateTimeOffset at);
}
