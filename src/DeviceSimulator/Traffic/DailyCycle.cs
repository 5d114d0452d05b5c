namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// How a device's activity follows the time of day (UTC): a cosine around 1 that peaks at <see cref="PeakHour"/>.
/// Amplitude 0 is a flat day (a sensor); 0.8 swings from 0.2 at night to 1.8 at the peak (an office gateway).
/// </summary>
public readonly record struct DailyCycle(double Amplitude, double PeakHour)
{
    public static DailyCycle Flat { get; } = new(0, 12);

    public double LoadAt(double unixSeconds)
    {
        var hour = unixSeconds % 86_400 / 3_600;
        return Math.Max(0.05, 1 + Amplitude * Math.Cos(2 * Math.PI * (hour - PeakHour) / 24));
    }
}
