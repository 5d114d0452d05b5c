using DigitalTwin.DeviceSimulator.Telemetry;

namespace DigitalTwin.DeviceSimulator.Tests.Telemetry;

/// <summary>Drives a model through time and collects its readings.</summary>
internal static class Readings
{
    /// <summary>Wednesday, so an office monitor sees a working day.</summary>
    public static readonly DateTimeOffset Midnight = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    public static List<(DateTimeOffset At, TelemetryReading Reading)> Take(DeviceModel model, DateTimeOffset from, TimeSpan step, int count)
    {
        var readings = new List<(DateTimeOffset, TelemetryReading)>(count);
        for (var i = 0; i < count; i++)
        {
            var at = from + step * i;
            readings.Add((at, model.Read(at)));
        }

        return readings;
    }

    public static double Number(this TelemetryReading reading, string field) =>
        reading.TryGetNumber(field, out var value) ? value : throw new Xunit.Sdk.XunitException($"no number {field} in the reading");

    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var mx = x.Average();
        var my = y.Average();
        var cov = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        var sx = Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)));
        var sy = Math.Sqrt(y.Sum(b => (b - my) * (b - my)));
        return cov / (sx * sy);
    }
}
