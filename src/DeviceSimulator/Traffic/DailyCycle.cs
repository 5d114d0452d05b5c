namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// How a device's activity follows the time of day (UTC): a cosine around 1 that peaks at <see cref="PeakHour"/>,
/// times <see cref="WeekendFactor"/> on Saturdays and Sundays (offices and plants are quieter, so are their lights,
/// machines and cameras). Amplitude 0 is a flat day (a sensor); 0.8 swings from 0.2 at night to 1.8 at the peak (an
/// office gateway).
/// </summary>
internal readonly record struct DailyCycle(double Amplitude, double PeakHour, double WeekendFactor = 1)
{
    public static DailyCycle Flat { get; } = new(0, 12);

    public double LoadAt(double unixSeconds)
    {
        var hour = unixSeconds % 86_400 / 3_600;
        var load = Math.Max(0.05, 1 + Amplitude * Math.Cos(2 * Math.PI * (hour - PeakHour) / 24));
        // 1 January 1970 was a Thursday: day 2 of every week since is a Saturday, day 3 a Sunday.
        var weekday = (long)Math.Floor(unixSeconds / 86_400) % 7;
        return weekday is 2 or 3 ? Math.Max(0.05, load * WeekendFactor) : load;
    }
}
