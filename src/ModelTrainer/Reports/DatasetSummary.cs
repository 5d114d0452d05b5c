namespace DigitalTwin.ModelTrainer.Reports;

/// <summary>
/// The evaluation data: file, provenance, split; the windows in the split, those scored at window level (normal ones
/// and anomalous ones holding their episode's traffic), the anomalous ones left out for lack of traffic, and the
/// device-days of the split and of its normal windows (the denominators of the false-alarm rates).
/// </summary>
internal sealed record DatasetSummary(
    string File,
    string? ScenarioId,
    long? Seed,
    string? GeneratorVersion,
    string Split,
    long Windows,
    long ScoredWindows,
    long ExcludedWithoutTraffic,
    double DeviceDays,
    double NormalDeviceDays);
