namespace DigitalTwin.Grains.Credentials;

/// <summary>The persisted credentials of one device. Only <see cref="DeviceCredentials"/> changes it.</summary>
[GenerateSerializer, Alias("dtn.DeviceCredentialsState")]
public sealed class DeviceCredentialsState
{
    /// <summary>The active credentials, oldest first; a revoked credential is removed, hash and all.</summary>
    [Id(0)] public List<StoredCredential> Active { get; set; } = [];
}
