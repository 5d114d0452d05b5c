namespace DigitalTwin.Bench.LiveDetection;

/// <summary>An anomaly alert as the platform's alert index lists it.</summary>
internal sealed record LiveAlert(string Id, string TwinId, string Type, string Baseline, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);
