namespace DigitalTwin.Detection.Baselines;

/// <summary>One feature's baseline in its own units: the median, the 16th and 84th percentiles, and the (decayed) windows behind them.</summary>
public readonly record struct FeatureBaselineSummary(double Centre, double Low, double High, double Weight)
{
    /// <summary>Half the middle 68%: what "± spread" means in a reason.</summary>
    public double Spread => (High - Low) / 2;
}
