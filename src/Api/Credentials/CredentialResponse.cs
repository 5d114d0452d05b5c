using DigitalTwin.Grains.Interfaces.Credentials;

namespace DigitalTwin.Api.Credentials;

/// <summary>A credential as listed: never its secret.</summary>
internal sealed record CredentialResponse(string Id, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
{
    public static CredentialResponse Of(DeviceCredentialView view) => new(view.Id, view.CreatedAt, view.LastUsedAt);
}
