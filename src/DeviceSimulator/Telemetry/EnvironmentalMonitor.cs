using System.Text.Json;
using DigitalTwin.DeviceSimulator.Control;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>
/// An indoor air-quality monitor in an office. Occupancy follows working hours on weekdays; CO2 and particulates
/// rise with it (CO2 with the room's ventilation lag), temperature a little too, humidity falls as the room warms;
/// pressure wanders with the weather. Thresholds set by command raise the reported alarm count.
/// </summary>
internal sealed class EnvironmentalMonitor : DeviceModel
{
    private static readonly string[] Supported = ["set_interval", "set_threshold", "reboot"];
    private static readonly string[] Metrics = ["temperature", "humidity", "pressure", "co2", "pm25"];

    private readonly Dictionary<string, double> _thresholds = new()
    {
        ["temperature"] = 28,
        ["humidity"] = 70,
        ["pressure"] = 1040,
        ["co2"] = 1400,
        ["pm25"] = 35,
    };

    private readonly double _ventilation;
    private readonly double _crowd;
    private double _co2;
    private double _pressure;
    private double _weather;
    private double _pm25;

    public EnvironmentalMonitor(string id, Xoshiro256 random, double faultRate, DateTimeOffset start)
        : base(id, random, faultRate, start, TimeSpan.FromSeconds(60), "temperature", "humidity", "pressure", "co2", "pm2_5")
    {
        _ventilation = random.Uniform(600, 1800);
        _crowd = random.Uniform(400, 900);
        _co2 = 430;
        _pressure = random.Uniform(1005, 1020);
        _pm25 = random.Uniform(4, 10);
    }

    public override string Type => DeviceTypes.EnvironmentalMonitor;

    public override IReadOnlyCollection<string> Actions => Supported;

    /// <summary>Share of the room's people present: a bump over working hours on weekdays, near zero otherwise.</summary>
    public double Occupancy
    {
        get
        {
            var day = Now.UtcDateTime.DayOfWeek;
            var hour = HourOfDay();
            var working = day is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            var bump = hour is > 7.5 and < 18.5 ? Math.Sin(Math.PI * (hour - 7.5) / 11) : 0;
            return working ? Math.Max(0, bump) : 0.05 * Math.Max(0, bump);
        }
    }

    protected override void Advance(double seconds)
    {
        var occupancy = Occupancy;
        _co2 = Approach(_co2, 420 + _crowd * occupancy, seconds, _ventilation);
        _weather = Math.Clamp(_weather + Random.Normal(0, 0.6 * Math.Sqrt(seconds / 3600)), -15, 15);
        _pressure = Approach(_pressure, 1013 + _weather, seconds, 6 * 3600);
        _pm25 = Approach(_pm25, 6 + 9 * occupancy, seconds, 900);
    }

    protected override void Sample(TelemetryReading reading)
    {
        var occupancy = Occupancy;
        var temperature = 20.5 + 1.8 * occupancy + 0.6 * DailyCycle(peakHour: 15) + Random.Normal(0, 0.1);
        var humidity = Math.Clamp(46 - 1.6 * (temperature - 21) + 4 * occupancy + Random.Normal(0, 0.7), 15, 90);
        var co2 = _co2 + Random.Normal(0, 12);
        var pressure = _pressure + Random.Normal(0, 0.25);
        // Particulates are skewed: log-normal noise around the level.
        var pm25 = _pm25 * Math.Exp(Random.Normal(0, 0.18));
        reading.Set("temperature", Round(temperature));
        reading.Set("humidity", Round(humidity, 1));
        reading.Set("pressure", Round(pressure, 1));
        reading.Set("co2", Math.Round(co2));
        reading.Set("pm2_5", Round(pm25, 1));
        var alarms = (temperature > _thresholds["temperature"] ? 1 : 0) + (humidity > _thresholds["humidity"] ? 1 : 0)
            + (pressure > _thresholds["pressure"] ? 1 : 0) + (co2 > _thresholds["co2"] ? 1 : 0) + (pm25 > _thresholds["pm25"] ? 1 : 0);
        reading.Set("alarms", alarms);
    }

    protected override void ReportState(TelemetryReading state)
    {
        state.Set("interval", Interval.TotalSeconds);
        foreach (var metric in Metrics)
        {
            state.Set($"threshold_{metric}", _thresholds[metric]);
        }
    }

    protected override ActionOutcome Perform(string action, JsonElement parameters)
    {
        switch (action)
        {
            case "set_interval":
                return SetInterval(parameters);
            case "set_threshold":
                var metric = parameters.GetProperty("metric").GetString()!;
                _thresholds[metric] = parameters.GetProperty("value").GetDouble();
                var result = new TelemetryReading();
                result.Set("metric", metric);
                result.Set("value", _thresholds[metric]);
                return ActionOutcome.Success(Random.Uniform(0.1, 0.4), result);
            default:
                var rebooted = new TelemetryReading();
                rebooted.Set("uptime", 0.0);
                return ActionOutcome.Success(Random.Uniform(3, 6), rebooted);
        }
    }

    protected override DesiredFieldResult Desire(string field, JsonElement value, ref string? reason)
    {
        if (field == "interval")
        {
            return DesireInterval(value, ref reason);
        }

        if (field.StartsWith("threshold_", StringComparison.Ordinal) && _thresholds.ContainsKey(field["threshold_".Length..]))
        {
            if (!TryNumber(value, double.MinValue, double.MaxValue, out var threshold, ref reason))
            {
                return DesiredFieldResult.Invalid;
            }

            _thresholds[field["threshold_".Length..]] = threshold;
            return DesiredFieldResult.Applied;
        }

        return DesiredFieldResult.Ignored;
    }
}
