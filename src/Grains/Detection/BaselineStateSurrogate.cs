using DigitalTwin.Detection.Baselines;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// How Orleans serializes a <see cref="BaselineState"/> (a plain class of the Detection library, which knows nothing
/// of Orleans): the same fields, the arrays passed by reference.
/// </summary>
[GenerateSerializer, Alias("dtn.BaselineState")]
public struct BaselineStateSurrogate
{
    [Id(0)] public int SchemaVersion;
    [Id(1)] public float[] Weights;
    [Id(2)] public double[] Totals;
    [Id(3)] public float[] HourLevels;
    [Id(4)] public float[] HourWindows;
    [Id(5)] public long Windows;
    [Id(6)] public double Seconds;
    [Id(7)] public long Flagged;
}
