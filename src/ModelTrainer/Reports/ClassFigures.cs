namespace DigitalTwin.ModelTrainer.Reports;

/// <summary>The supervised model's window-level figures for one class, one versus the rest.</summary>
internal sealed record ClassFigures(string Class, long Windows, double Precision, double Recall, double? F1, double? RocAuc, double? PrAuc);
