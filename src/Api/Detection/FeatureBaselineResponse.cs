namespace DigitalTwin.Api.Detection;

/// <summary>One feature of a baseline in its units: median, 16th and 84th percentiles, spread and the (decayed) windows behind them; null when nothing is known.</summary>
internal sealed record FeatureBaselineResponse(double? Centre, double? Low, double? High, double? Spread, double Windows);
