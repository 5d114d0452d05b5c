namespace DigitalTwin.Grains.Credentials;

/// <summary>One active credential as stored: its id, the hash of its secret, when it was issued and last accepted.</summary>
[GenerateSerializer, Alias("dtn.StoredCredential")]
public sealed class StoredCredential
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string Hash { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset? LastUsedAt { get; set; }
}
