using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>One telemetry message as the twin keeps it in its recent window.</summary>
[GenerateSerializer, Immutable, Alias("dtn.TelemetryPoint")]
public sealed record TelemetryPoint([property: Id(0)] DateTimeOffset Timestamp, [property: Id(1)] NamedValue[] Values);
