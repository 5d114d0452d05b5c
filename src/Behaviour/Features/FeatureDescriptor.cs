namespace DigitalTwin.Behaviour.Features;

/// <summary>
/// One feature's wire and column name (snake_case), its unit, what it measures, and the feature schema version that
/// introduced it: windows of older versions carry no value for it (NaN).
/// </summary>
public sealed record FeatureDescriptor(NetworkFeature Feature, string Name, string Unit, string Description, int Since = 1);
