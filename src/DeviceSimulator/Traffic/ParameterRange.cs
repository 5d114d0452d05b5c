namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// The values an episode parameter is drawn from: uniformly between <see cref="Min"/> and <see cref="Max"/>, or
/// log-uniformly when <see cref="Log"/> (so a range over orders of magnitude, 5 kB/s to 5 MB/s, gives as many slow
/// episodes as fast ones). A fixed value is a range whose ends meet.
/// </summary>
public readonly record struct ParameterRange(double Min, double Max, bool Log = false)
{
    public static ParameterRange Fixed(double value) => new(value, value);

    public static ParameterRange LogUniform(double min, double max) => new(min, max, Log: true);

    public bool IsFixed => Min == Max;

    /// <summary>One draw; a fixed range takes nothing from the generator, so fixed rules keep their old sequences.</summary>
    public double Draw(Xoshiro256 random)
    {
        if (IsFixed)
        {
            return Min;
        }

        var u = random.NextDouble();
        return Log ? Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min))) : Min + u * (Max - Min);
    }
}
