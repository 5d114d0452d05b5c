using DigitalTwin.ModelTrainer.Reports;

namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>The report's figures and the curves its plots draw: per class (supervised, one versus rest) and per detector.</summary>
internal sealed record EvaluationResult(EvaluationReport Report, IReadOnlyList<NamedCurves> ClassCurves, IReadOnlyList<NamedCurves> DetectorCurves);
