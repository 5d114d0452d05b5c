namespace DigitalTwin.Api.Credentials;

/// <summary>A device's active credentials, oldest first.</summary>
internal sealed record CredentialListResponse(string DeviceId, IReadOnlyList<CredentialResponse> Credentials);
