namespace DigitalTwin.DeviceSimulator.Dataset;

/// <summary>
/// What a fast-mode run wrote: rows, rows per anomaly class (the class balance), the class balance of each split and
/// how long it took.
/// </summary>
public sealed record GenerationReport(
    long Rows,
    IReadOnlyDictionary<string, long> RowsByClass,
    SplitBalance DeviceSplit,
    SplitBalance TimeSplit,
    TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;
}
