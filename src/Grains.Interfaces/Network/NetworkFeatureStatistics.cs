namespace DigitalTwin.Grains.Interfaces.Network;

/// <summary>
/// A twin's running statistics over the windows it accepted of one feature schema version, one slot per feature in
/// catalogue order: values seen, mean, population standard deviation, minimum, maximum and an exponentially weighted
/// recent mean (NaN where no value was seen). <see cref="SchemaVersion"/> is that version (0 before the first
/// window) and <see cref="Windows"/> how many windows the statistics summarise since it last changed.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.NetworkFeatureStatistics")]
public sealed record NetworkFeatureStatistics(
    [property: Id(0)] long[] Counts,
    [property: Id(1)] double[] Means,
    [property: Id(2)] double[] Stds,
    [property: Id(3)] double[] Minimums,
    [property: Id(4)] double[] Maximums,
    [property: Id(5)] double[] WeightedMeans,
    [property: Id(6)] int SchemaVersion,
    [property: Id(7)] long Windows);
