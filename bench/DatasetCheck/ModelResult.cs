using DigitalTwin.Behaviour.Evaluation;

namespace DigitalTwin.Bench.DatasetCheck;

/// <summary>
/// What the simple model scored: the classes (normal first), the training rows per class, and the confusion matrices
/// in distribution (the training file's test devices) and out of distribution (every row of the evaluation file).
/// </summary>
internal sealed record ModelResult(
    IReadOnlyList<string> Classes,
    IReadOnlyList<long> TrainingRows,
    ConfusionMatrix InDistribution,
    ConfusionMatrix OutOfDistribution,
    TimeSpan TrainingTime);
