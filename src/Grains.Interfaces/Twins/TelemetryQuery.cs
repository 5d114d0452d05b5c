namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>A time range of telemetry, newest first, at most <paramref name="Limit"/> points.</summary>
[GenerateSerializer, Immutable, Alias("dtn.TelemetryQuery")]
public sealed record TelemetryQuery(
    [property: Id(0)] DateTimeOffset? Start,
    [property: Id(1)] DateTimeOffset? End,
    [property: Id(2)] int Limit);
