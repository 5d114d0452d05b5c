namespace DigitalTwin.Grains.Interfaces.Credentials;

/// <summary>An active credential as the broker verifies it: its id and the salted slow hash of its secret.</summary>
[GenerateSerializer, Immutable, Alias("dtn.CredentialHash")]
public sealed record CredentialHash(
    [property: Id(0)] string Id,
    [property: Id(1)] string Hash);
