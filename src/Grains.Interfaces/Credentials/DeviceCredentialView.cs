namespace DigitalTwin.Grains.Interfaces.Credentials;

/// <summary>What may be shown of a credential: never its secret nor its hash.</summary>
[GenerateSerializer, Immutable, Alias("dtn.DeviceCredentialView")]
public sealed record DeviceCredentialView(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset? LastUsedAt);
