namespace DigitalTwin.Api.Twins;

/// <summary>Recent telemetry, newest first; each point is its timestamp and the fields of one message.</summary>
internal sealed record TelemetryResponse(string TwinId, int Count, IReadOnlyList<IReadOnlyDictionary<string, object?>> Telemetry);
