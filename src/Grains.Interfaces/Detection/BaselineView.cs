namespace DigitalTwin.Grains.Interfaces.Detection;

/// <summary>
/// A behaviour baseline as people read it: the feature schema version it learnt, the windows and seconds of traffic
/// learnt, the windows kept out because they were flagged, the daily cycle it corrects for (highest hour over lowest,
/// 1 when none) and each feature's centre and spread.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.BaselineView")]
public sealed record BaselineView(
    [property: Id(0)] int SchemaVersion,
    [property: Id(1)] long Windows,
    [property: Id(2)] double Seconds,
    [property: Id(3)] long Flagged,
    [property: Id(4)] double DailyCycleFactor,
    [property: Id(5)] IReadOnlyList<FeatureBaselineView> Features);
