namespace DigitalTwin.Bench.LiveDetection;

/// <summary>One anomaly episode of the ground truth: a device, its class and intensity band, from onset to offset.</summary>
internal sealed record Episode(string DeviceId, string Class, string Band, DateTimeOffset Onset, DateTimeOffset Offset);
