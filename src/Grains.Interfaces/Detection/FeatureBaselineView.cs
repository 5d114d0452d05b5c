namespace DigitalTwin.Grains.Interfaces.Detection;

/// <summary>
/// One feature of a baseline, in the feature's units: the median, the 16th and 84th percentiles (the middle 68%),
/// the spread (half of that range) and the windows behind them (decayed: old windows weigh less).
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.FeatureBaselineView")]
public sealed record FeatureBaselineView(
    [property: Id(0)] string Feature,
    [property: Id(1)] double Centre,
    [property: Id(2)] double Low,
    [property: Id(3)] double High,
    [property: Id(4)] double Spread,
    [property: Id(5)] double Windows);
