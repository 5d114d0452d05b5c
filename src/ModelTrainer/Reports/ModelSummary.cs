namespace DigitalTwin.ModelTrainer.Reports;

/// <summary>The evaluated model file and what it was trained on (from its manifest).</summary>
internal sealed record ModelSummary(
    string File,
    DateTimeOffset Created,
    string TrainingFile,
    string? TrainingScenario,
    string TrainingSplit,
    IReadOnlyDictionary<string, long> TrainingWindowsPerClass,
    double AnomalyThreshold,
    double ZScoreThreshold);
