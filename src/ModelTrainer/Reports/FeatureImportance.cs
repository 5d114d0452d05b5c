namespace DigitalTwin.ModelTrainer.Reports;

/// <summary>How much the supervised model's macro-F1 drops when one feature's column is shuffled across the sample.</summary>
internal sealed record FeatureImportance(string Feature, double F1Drop);
