namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>One point of a ROC curve (false positive rate, true positive rate) or a PR curve (recall, precision).</summary>
internal readonly record struct CurvePoint(double X, double Y);
