namespace DigitalTwin.Grains.Detection;

/// <summary>
/// The trained model a silo scores with: the configured path, whether a model is serving, when it was loaded, what it
/// was trained on (file, scenario, created), how it scores (<c>compiled</c>, or <c>engine</c> with the reason its models
/// could not be compiled: same verdicts, several times the CPU), and the last refusal (a bad or incompatible file: the
/// previous model, if any, keeps serving).
/// </summary>
public sealed record DetectionModelStatus(
    string? Path,
    bool Serving,
    DateTimeOffset? LoadedAt,
    string? TrainedOn,
    string? Scenario,
    DateTimeOffset? Created,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    string? Scoring);
