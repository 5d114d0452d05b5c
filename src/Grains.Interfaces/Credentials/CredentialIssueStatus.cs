namespace DigitalTwin.Grains.Interfaces.Credentials;

[GenerateSerializer, Alias("dtn.CredentialIssueStatus")]
public enum CredentialIssueStatus
{
    Issued,

    /// <summary>The device already has <see cref="DeviceCredentialLimits.MaxActive"/> active credentials: revoke one first.</summary>
    LimitReached,
}
