namespace DigitalTwin.ModelTrainer.Reports;

/// <summary>
/// One detector's figures, normal against anomalous: ranking (ROC-AUC, PR-AUC of its score) and at its own threshold
/// (precision, recall, F1, flagged normal windows per device-day) over the scored windows; false alerts (runs of
/// flagged windows touching no episode) per 100 device-days of normal traffic; and per class and band, its episodes.
/// </summary>
internal sealed record DetectorFigures(
    string Name,
    bool NamesClasses,
    double? RocAuc,
    double? PrAuc,
    double Precision,
    double Recall,
    double? F1,
    long FalseFlags,
    double FalseFlagsPerDeviceDay,
    int FalseAlerts,
    double FalseAlertsPer100DeviceDays,
    IReadOnlyList<EventFigures> Events);
