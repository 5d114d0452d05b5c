namespace DigitalTwin.Ingest;

/// <summary>What <see cref="PostgresWaitSampler"/> saw: per state, the mean number of server processes in it.</summary>
public sealed record WaitProfile(int Samples, TimeSpan Interval, IReadOnlyList<KeyValuePair<string, double>> MeanProcesses);
