namespace DigitalTwin.ModelTrainer.Reports;

/// <summary>
/// Everything <c>evaluate</c> measured, as <c>report.json</c> holds it (snake_case) and <c>report.md</c> prints it. A
/// figure that is undefined (an AUC without positives, an F1 of a class neither present nor predicted) is null.
/// </summary>
internal sealed record EvaluationReport(
    ModelSummary Model,
    DatasetSummary Data,
    IReadOnlyList<ClassFigures> Classes,
    double? MacroF1,
    ConfusionFigures ConfusionMatrix,
    IReadOnlyList<FeatureImportance> PermutationImportance,
    int ImportanceSampleWindows,
    IReadOnlyList<DetectorFigures> Detectors,
    double EvaluationSeconds);
