namespace DigitalTwin.DeviceSimulator.Dataset;

/// <summary>What a fast-mode run wrote: rows, rows per anomaly class (the class balance) and how long it took.</summary>
public sealed record GenerationReport(long Rows, IReadOnlyDictionary<string, long> RowsByClass, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;
}
