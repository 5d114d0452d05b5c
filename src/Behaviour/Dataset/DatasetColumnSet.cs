namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// Which columns a dataset file carries. All sets start with the identity columns; see <see cref="DatasetColumns"/>
/// for the exact lists and order.
/// </summary>
public enum DatasetColumnSet
{
    /// <summary>Identity, provenance, every feature and the ground truth: the simulator's labelled dataset.</summary>
    Labelled,

    /// <summary>Identity and every feature: what the twins observed, as the platform exports it. No labels.</summary>
    Observed,

    /// <summary>Identity, provenance and the ground truth without features: the simulator's ground-truth file.</summary>
    GroundTruth,
}
