using DigitalTwin.Detection.Baselines;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// How Orleans serializes a <see cref="BaselineState"/> (a plain class of the Detection library, which knows nothing
/// of Orleans): the same fields, the arrays passed by reference.
/// </summary>
[GenerateSerializer, Alias("dtn.BaselineState")]
internal struct BaselineStateSurrogate
{
    [Id(0)] public int SchemaVersion;

    /// <summary>
    /// The weights as builds before double-precision bins wrote them; read, never written, so a silo not yet upgraded
    /// can still send its peer share during a rolling upgrade.
    /// </summary>
    [Id(1)] public float[]? SingleWeights;

    [Id(2)] public double[] Totals;
    [Id(3)] public float[] HourLevels;
    [Id(4)] public float[] HourWindows;
    [Id(5)] public long Windows;
    [Id(6)] public double Seconds;
    [Id(7)] public long Flagged;
    [Id(8)] public double[]? Weights;
}
