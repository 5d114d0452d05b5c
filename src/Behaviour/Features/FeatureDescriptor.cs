namespace DigitalTwin.Behaviour.Features;

/// <summary>One feature's wire and column name (snake_case), its unit and what it measures.</summary>
public sealed record FeatureDescriptor(NetworkFeature Feature, string Name, string Unit, string Description);
