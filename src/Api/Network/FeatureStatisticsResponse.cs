namespace DigitalTwin.Api.Network;

/// <summary>One feature's running statistics over every window the twin accepted; null figures when it was never measured.</summary>
internal sealed record FeatureStatisticsResponse(long Count, double? Mean, double? Std, double? Min, double? Max, double? WeightedMean);
