using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>What a client sets when it creates or replaces a twin: its type, metadata and properties.</summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinDefinition")]
public sealed record TwinDefinition(
    [property: Id(0)] string Type,
    [property: Id(1)] Dictionary<string, FieldValue> Metadata,
    [property: Id(2)] Dictionary<string, FieldValue> Properties);
