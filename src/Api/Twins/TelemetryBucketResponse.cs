namespace DigitalTwin.Api.Twins;

/// <summary>One bucket: its start and each field's combined value.</summary>
internal sealed record TelemetryBucketResponse(DateTimeOffset Start, IReadOnlyDictionary<string, double> Values);
