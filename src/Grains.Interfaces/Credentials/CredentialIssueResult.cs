namespace DigitalTwin.Grains.Interfaces.Credentials;

/// <summary>
/// The outcome of issuing a credential: on success the credential and its <paramref name="Secret"/>, which exists
/// nowhere else and cannot be read again; otherwise why not.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.CredentialIssueResult")]
public sealed record CredentialIssueResult(
    [property: Id(0)] CredentialIssueStatus Status,
    [property: Id(1)] DeviceCredentialView? Credential,
    [property: Id(2)] string? Secret);
