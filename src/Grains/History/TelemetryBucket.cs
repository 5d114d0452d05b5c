namespace DigitalTwin.Grains.History;

/// <summary>One bucket of an aggregation: its start and each field's combined value.</summary>
public sealed record TelemetryBucket(DateTimeOffset Start, IReadOnlyDictionary<string, double> Values);
