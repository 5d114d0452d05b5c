namespace DigitalTwin.Api.Credentials;

/// <summary>How many credentials a revoke-all removed (0 when the device had none).</summary>
internal sealed record CredentialsRevokedResponse(string DeviceId, int Revoked);
