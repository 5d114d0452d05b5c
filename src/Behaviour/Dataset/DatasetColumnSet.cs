namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// Which columns a dataset file carries. All sets start with the identity columns and the schema version; see
/// <see cref="DatasetColumns"/> for the exact lists and order.
/// </summary>
public enum DatasetColumnSet
{
    /// <summary>Identity, schema version, provenance, every feature and the ground truth: the simulator's labelled dataset.</summary>
    Labelled,

    /// <summary>Identity, schema version and every feature: what the twins observed, as the platform exports it. No labels.</summary>
    Observed,

    /// <summary>Identity, schema version, provenance and the ground truth without features: the simulator's ground-truth file.</summary>
    GroundTruth,
}
