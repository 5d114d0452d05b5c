namespace DigitalTwin.Commands;

/// <summary>
/// CPU the silo, a throwaway PostgreSQL (null when there is none, or it is a server of the user's own), the bench
/// and everything else on the machine used during a measured interval, in cores (CPU seconds per second), and the
/// load average at its end: the machine is shared, so figures need this.
/// </summary>
public sealed record WindowLoad(TimeSpan Window, double SiloCores, double? PostgresCores, double BenchCores, double OtherCores, string LoadAverage);
