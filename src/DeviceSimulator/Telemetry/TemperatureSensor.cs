using System.Text.Json;
using DigitalTwin.DeviceSimulator.Control;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>
/// A battery-powered room sensor. Temperature follows a daily cycle peaking mid-afternoon around the room's own
/// level, plus a slow random drift (sun, heating) and sensor noise; relative humidity falls as the air warms
/// (anti-correlated with temperature); the battery drains a little per reading and with time.
/// </summary>
internal sealed class TemperatureSensor : DeviceModel
{
    private static readonly string[] Supported = ["set_interval", "calibrate", "reboot"];

    private readonly double _roomLevel;
    private readonly double _amplitude;
    private readonly double _dryness;
    private double _drift;
    private double _noise;
    private double _battery;

    public TemperatureSensor(string id, Xoshiro256 random, double faultRate, DateTimeOffset start)
        : base(id, random, faultRate, start, TimeSpan.FromSeconds(30), "temperature", "humidity")
    {
        _roomLevel = random.Uniform(19, 24);
        _amplitude = random.Uniform(1.5, 4);
        _dryness = random.Uniform(-8, 8);
        _battery = random.Uniform(55, 100);
    }

    public override string Type => DeviceTypes.TemperatureSensor;

    public override IReadOnlyCollection<string> Actions => Supported;

    /// <summary>Offset added to the temperature reading by <c>calibrate</c>.</summary>
    public double CalibrationOffset { get; private set; }

    /// <summary>The temperature without noise or calibration: what the air does.</summary>
    public double TrueTemperature => _roomLevel + _amplitude * DailyCycle(peakHour: 15) + _drift;

    protected override void Advance(double seconds)
    {
        // Drift is a bounded random walk: a few tenths of a degree per hour.
        _drift = Math.Clamp(_drift + Random.Normal(0, 0.15 * Math.Sqrt(seconds / 3600)), -2.5, 2.5);
        _noise = _noise * Math.Exp(-seconds / 120) + Random.Normal(0, 0.08);
        // About 2 % a day; a technician swaps a flat battery.
        _battery -= 0.02 / 86400 * 100 * seconds;
        if (_battery < 3)
        {
            _battery = 100;
        }
    }

    protected override void Sample(TelemetryReading reading)
    {
        var temperature = TrueTemperature + _noise;
        var humidity = Math.Clamp(55 + _dryness - 2.8 * (temperature - _roomLevel) + Random.Normal(0, 0.8), 10, 98);
        _battery -= 0.0005;
        reading.Set("temperature", Round(temperature + CalibrationOffset));
        reading.Set("humidity", Round(humidity, 1));
        reading.Set("battery", Round(Math.Max(0, _battery), 1));
    }

    protected override void ReportState(TelemetryReading state)
    {
        state.Set("interval", Interval.TotalSeconds);
        state.Set("calibration_offset", CalibrationOffset);
    }

    protected override ActionOutcome Perform(string action, JsonElement parameters)
    {
        switch (action)
        {
            case "set_interval":
                return SetInterval(parameters);
            case "calibrate":
                CalibrationOffset = parameters.GetProperty("offset").GetDouble();
                var calibrated = new TelemetryReading();
                calibrated.Set("calibration_offset", CalibrationOffset);
                calibrated.Set("temperature", Round(TrueTemperature + _noise + CalibrationOffset));
                return ActionOutcome.Success(Random.Uniform(0.3, 1.2), calibrated);
            default:
                _noise = 0;
                var rebooted = new TelemetryReading();
                rebooted.Set("uptime", 0.0);
                return ActionOutcome.Success(Random.Uniform(2, 5), rebooted);
        }
    }

    protected override DesiredFieldResult Desire(string field, JsonElement value, ref string? reason)
    {
        switch (field)
        {
            case "interval":
                return DesireInterval(value, ref reason);
            case "calibration_offset":
                if (!TryNumber(value, -10, 10, out var offset, ref reason))
                {
                    return DesiredFieldResult.Invalid;
                }

                CalibrationOffset = offset;
                return DesiredFieldResult.Applied;
            default:
                return DesiredFieldResult.Ignored;
        }
    }

    public override string DescribeFailure(string action) => action == "calibrate" ? "reference probe out of range" : "sensor bus timeout";
}
