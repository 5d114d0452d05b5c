namespace DigitalTwin.Bench.LiveDetection;

/// <summary>An anomaly alert as the platform's alert index lists it; <paramref name="FirstEvidence"/> is its first window's score, model verdict and reasons, in words.</summary>
internal sealed record LiveAlert(string Id, string TwinId, string Type, string Baseline, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string FirstEvidence);
