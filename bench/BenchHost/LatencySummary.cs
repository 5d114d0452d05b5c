namespace DigitalTwin.BenchHost;

/// <summary>Percentiles of one latency distribution; zero everywhere when there were no samples.</summary>
public sealed record LatencySummary(int Count, TimeSpan P50, TimeSpan P90, TimeSpan P95, TimeSpan P99, TimeSpan Max);
