namespace DigitalTwin.ModelTrainer.Reports;

/// <summary>The supervised model's confusion matrix: <see cref="Counts"/>[actual][predicted], both in <see cref="Classes"/> order.</summary>
internal sealed record ConfusionFigures(IReadOnlyList<string> Classes, IReadOnlyList<IReadOnlyList<long>> Counts);
