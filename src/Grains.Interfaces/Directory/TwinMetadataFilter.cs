namespace DigitalTwin.Grains.Interfaces.Directory;

/// <summary>
/// Keeps twins whose metadata field <see cref="Name"/> holds <see cref="Value"/>: the same text, or the
/// number or boolean that the text spells (<c>"2"</c> matches the number 2, <c>"true"</c> the boolean).
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinMetadataFilter")]
public sealed record TwinMetadataFilter(
    [property: Id(0)] string Name,
    [property: Id(1)] string Value);
