using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Detection.Baselines;

/// <summary>
/// Where a feature value falls in a baseline's histogram. Values are first put on a log-like scale,
/// <c>asinh(value / unit)</c>, with a unit per kind of feature (one packet, 100 bytes, 1% of a fraction...), so a
/// tenfold rise of bytes and of packets moves as far and a multiplicative daily cycle becomes a shift. Bin 0 holds
/// exactly zero (the most common value of most features); bins 1–31 cover the scale in steps of 0.5, a factor of
/// about 1.65 per bin once values are well above their unit, the last bin open-ended.
/// </summary>
public static class BaselineBins
{
    public const int Count = 32;

    /// <summary>Width of a bin on the asinh scale.</summary>
    public const double Width = 0.5;

    private static readonly double[] Units = FeatureCatalog.All.Select(d => UnitOf(d.Unit)).ToArray();

    /// <summary>The value on the baseline's scale; NaN stays NaN, negative values (none are defined) count as zero.</summary>
    public static double Scale(int feature, double value) =>
        double.IsNaN(value) ? double.NaN : value <= 0 ? 0 : Math.Asinh(value / Units[feature]);

    /// <summary>The value a point of the scale stands for.</summary>
    public static double Unscale(int feature, double scaled) => scaled <= 0 ? 0 : Math.Sinh(scaled) * Units[feature];

    /// <summary>The bin of a point on the scale.</summary>
    public static int OfScaled(double scaled) => scaled <= 0 ? 0 : Math.Min(Count - 1, 1 + (int)(scaled / Width));

    /// <summary>The middle of a bin on the scale (zero for bin 0).</summary>
    public static double Middle(int bin) => bin == 0 ? 0 : (bin - 0.5) * Width;

    private static double UnitOf(string unit) => unit switch
    {
        "fraction" => 0.01,
        "ratio" => 0.02,
        "bytes" => 100,
        "bytes/s" => 10,
        "s" => 0.5,
        "bits/character" or "bits" => 0.05,
        "packets/s" or "queries/s" => 0.1,
        _ => 1,
    };
}
