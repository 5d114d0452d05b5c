namespace DigitalTwin.Bench.DetectionReplay;

/// <summary>One anomaly episode of one device: its class and onset name it.</summary>
internal readonly record struct EpisodeKey(string DeviceId, string Class, DateTimeOffset Onset);
