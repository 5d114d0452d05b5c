namespace DigitalTwin.Behaviour.Statistics;

/// <summary>One feature's running statistics: values seen, mean, standard deviation, extremes and the weighted recent mean.</summary>
public readonly record struct FeatureSummary(long Count, double Mean, double Std, double Min, double Max, double WeightedMean);
