using System.Text.Json;
using DigitalTwin.DeviceSimulator.Control;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>
/// A dimmable LED light. Its power draw follows its state: a standby draw when off, rising more than linearly
/// with brightness (driver losses) and slightly with cooler colour temperatures; a fade moves the brightness to
/// its target over the requested time; energy accumulates.
/// </summary>
internal sealed class SmartLight : DeviceModel
{
    private static readonly string[] Supported = ["turn_on", "turn_off", "set_brightness", "set_color"];
    private static readonly string[] PowerValues = ["on", "off"];

    private readonly double _ratedWatts;
    private double _brightness;
    private double _fadeFrom;
    private double _fadeSeconds;
    private double _fadeElapsed;
    private double _energyKwh;

    public SmartLight(string id, Xoshiro256 random, double faultRate, DateTimeOffset start)
        : base(id, random, faultRate, start, TimeSpan.FromSeconds(60), "power_draw")
    {
        _ratedWatts = random.Uniform(6, 14);
        IsOn = random.Chance(0.5);
        TargetBrightness = 20 + random.NextInt(81);
        _brightness = TargetBrightness;
        Kelvin = 2700;
    }

    public override string Type => DeviceTypes.SmartLight;

    public override IReadOnlyCollection<string> Actions => Supported;

    public bool IsOn { get; private set; }

    /// <summary>Brightness the light is set to (a fade may still be on its way there).</summary>
    public int TargetBrightness { get; private set; }

    /// <summary>Brightness the light gives now.</summary>
    public double Brightness => _brightness;

    public int Kelvin { get; private set; }

    /// <summary>Electrical power drawn now, in watts.</summary>
    public double PowerDraw => IsOn
        ? 0.35 + _ratedWatts * Math.Pow(_brightness / 100, 1.15) * (1 + 0.04 * (Kelvin - 4000) / 5000)
        : 0.3;

    protected override void Advance(double seconds)
    {
        _energyKwh += PowerDraw * seconds / 3_600_000;
        if (_fadeSeconds > 0)
        {
            _fadeElapsed = Math.Min(_fadeSeconds, _fadeElapsed + seconds);
            _brightness = _fadeFrom + (TargetBrightness - _fadeFrom) * (_fadeElapsed / _fadeSeconds);
            if (_fadeElapsed >= _fadeSeconds)
            {
                _fadeSeconds = 0;
            }
        }
    }

    protected override void Sample(TelemetryReading reading)
    {
        ReportState(reading);
        reading.Set("power_draw", Round(Math.Max(0, PowerDraw + Random.Normal(0, 0.03))));
        reading.Set("energy", Round(_energyKwh, 4));
    }

    protected override void ReportState(TelemetryReading state)
    {
        state.Set("power", IsOn ? "on" : "off");
        state.Set("brightness", TargetBrightness);
        state.Set("color_temperature", Kelvin);
    }

    protected override ActionOutcome Perform(string action, JsonElement parameters)
    {
        var result = new TelemetryReading();
        double seconds;
        switch (action)
        {
            case "turn_on":
                IsOn = true;
                if (parameters.TryGetProperty("brightness", out var on))
                {
                    SetBrightness(on.GetInt32(), 0);
                }

                seconds = Random.Uniform(0.05, 0.3);
                result.Set("power", "on");
                result.Set("brightness", TargetBrightness);
                break;
            case "turn_off":
                IsOn = false;
                seconds = Random.Uniform(0.05, 0.3);
                result.Set("power", "off");
                break;
            case "set_brightness":
                var fade = parameters.TryGetProperty("duration", out var duration) ? duration.GetDouble() : 0;
                SetBrightness(parameters.GetProperty("brightness").GetInt32(), fade);
                // The ack leaves when the fade has finished.
                seconds = fade + Random.Uniform(0.05, 0.25);
                result.Set("brightness", TargetBrightness);
                break;
            default:
                Kelvin = parameters.GetProperty("kelvin").GetInt32();
                seconds = Random.Uniform(0.1, 0.4);
                result.Set("color_temperature", Kelvin);
                break;
        }

        return ActionOutcome.Success(seconds, result);
    }

    protected override DesiredFieldResult Desire(string field, JsonElement value, ref string? reason)
    {
        switch (field)
        {
            case "power":
                if (!TryText(value, PowerValues, out var power, ref reason))
                {
                    return DesiredFieldResult.Invalid;
                }

                IsOn = power == "on";
                return DesiredFieldResult.Applied;
            case "brightness":
                if (!TryNumber(value, 0, 100, out var brightness, ref reason) || brightness != Math.Floor(brightness))
                {
                    reason = "expects a whole number from 0 to 100";
                    return DesiredFieldResult.Invalid;
                }

                SetBrightness((int)brightness, 0);
                return DesiredFieldResult.Applied;
            case "color_temperature":
                if (!TryNumber(value, 1500, 9000, out var kelvin, ref reason) || kelvin != Math.Floor(kelvin))
                {
                    reason = "expects a whole number from 1500 to 9000";
                    return DesiredFieldResult.Invalid;
                }

                Kelvin = (int)kelvin;
                return DesiredFieldResult.Applied;
            default:
                return DesiredFieldResult.Ignored;
        }
    }

    public override string DescribeFailure(string action) => "LED driver over temperature";

    private void SetBrightness(int target, double fadeSeconds)
    {
        TargetBrightness = target;
        if (fadeSeconds > 0)
        {
            _fadeFrom = _brightness;
            _fadeSeconds = fadeSeconds;
            _fadeElapsed = 0;
        }
        else
        {
            _brightness = target;
            _fadeSeconds = 0;
        }
    }
}
