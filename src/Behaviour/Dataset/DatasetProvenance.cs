namespace DigitalTwin.Behaviour.Dataset;

/// <summary>Where a labelled row came from: the scenario, its seed and the generator version that produced it.</summary>
public sealed record DatasetProvenance(string ScenarioId, long Seed, string GeneratorVersion);
