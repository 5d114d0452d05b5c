namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>A class's or a detector's ROC and precision-recall curves, with their areas, for the plots.</summary>
internal sealed record NamedCurves(string Name, IReadOnlyList<CurvePoint> Roc, IReadOnlyList<CurvePoint> PrecisionRecall, double RocAuc, double PrAuc);
