namespace DigitalTwin.Api.Twins;

/// <summary>What the API tells about one field besides its value.</summary>
internal sealed record FieldMetadata(DateTimeOffset UpdatedAt);
