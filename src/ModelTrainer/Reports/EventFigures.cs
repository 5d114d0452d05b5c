namespace DigitalTwin.ModelTrainer.Reports;

/// <summary>
/// Episodes of one anomaly class (and one band, or every band when <see cref="Band"/> is null): how many, how many a
/// detector found as the right class (null for a detector naming no class) and as any anomaly, and the median delay
/// in windows from the onset of the episodes it found.
/// </summary>
internal sealed record EventFigures(string Class, string? Band, int Episodes, int? DetectedClass, int DetectedAny, double? MedianDelayClass, double? MedianDelayAny);
