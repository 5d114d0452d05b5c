using DigitalTwin.Grains.Interfaces.Credentials;

namespace DigitalTwin.MqttBridge.Security;

internal sealed class GrainCredentialSource(IGrainFactory grains) : IDeviceCredentialSource
{
    public Task<CredentialHash[]> GetActiveAsync(string deviceId) => grains.GetGrain<IDeviceCredentialsGrain>(deviceId).GetHashesAsync();

    public Task RecordUseAsync(string deviceId, string credentialId, DateTimeOffset at) =>
        grains.GetGrain<IDeviceCredentialsGrain>(deviceId).RecordUseAsync(credentialId, at);
}
