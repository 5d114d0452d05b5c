namespace DigitalTwin.Grains.Interfaces.Network;

/// <summary>
/// A twin's running statistics over every window it accepted, one slot per feature in catalogue order: values
/// seen, mean, population standard deviation, minimum, maximum and an exponentially weighted recent mean (NaN
/// where no value was seen).
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.NetworkFeatureStatistics")]
public sealed record NetworkFeatureStatistics(
    [property: Id(0)] long[] Counts,
    [property: Id(1)] double[] Means,
    [property: Id(2)] double[] Stds,
    [property: Id(3)] double[] Minimums,
    [property: Id(4)] double[] Maximums,
    [property: Id(5)] double[] WeightedMeans);
