using System.Text.Json;
using DigitalTwin.DeviceSimulator.Control;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>
/// One simulated device's physics and settings. Time moves only when a reading, command or desired document asks
/// for it (<see cref="AdvanceTo"/>), so a model is a plain object that tests drive with chosen times. Not thread-safe:
/// the device that owns it serialises every call.
/// </summary>
public abstract class DeviceModel
{
    private readonly SensorFaults _faults;
    private DateTimeOffset _now;

    protected DeviceModel(string id, Xoshiro256 random, double faultRate, DateTimeOffset start, TimeSpan interval, params string[] sensorFields)
    {
        Id = id;
        Random = random;
        Interval = interval;
        _now = start;
        _faults = new SensorFaults(random, faultRate, sensorFields);
    }

    public string Id { get; }

    /// <summary>The device type as the platform names it (src/Grains/Commands/BuiltInDeviceTypes.json).</summary>
    public abstract string Type { get; }

    /// <summary>The actions this device carries out; the rest are refused.</summary>
    public abstract IReadOnlyCollection<string> Actions { get; }

    /// <summary>Time between telemetry messages.</summary>
    public TimeSpan Interval { get; set; }

    /// <summary>The model's current time.</summary>
    public DateTimeOffset Now => _now;

    protected Xoshiro256 Random { get; }

    /// <summary>Advances the physics to <paramref name="now"/> and returns the reading the device's sensors give.</summary>
    public TelemetryReading Read(DateTimeOffset now)
    {
        AdvanceTo(now);
        var reading = new TelemetryReading();
        Sample(reading);
        _faults.Apply(reading);
        return reading;
    }

    /// <summary>The device's settings as it reports them on <c>device/{id}/state</c> (and the fields desired state may set).</summary>
    public TelemetryReading State()
    {
        var state = new TelemetryReading();
        ReportState(state);
        return state;
    }

    /// <summary>Carries out an action whose parameters already passed the type's schema.</summary>
    public ActionOutcome Execute(string action, JsonElement parameters, DateTimeOffset now)
    {
        AdvanceTo(now);
        return Perform(action, parameters);
    }

    /// <summary>Takes one field of a desired document; unknown fields are ignored, bad values refused with a reason.</summary>
    public DesiredFieldResult ApplyDesired(string field, JsonElement value, DateTimeOffset now, out string? reason)
    {
        AdvanceTo(now);
        reason = null;
        return Desire(field, value, ref reason);
    }

    /// <summary>Why an action that the fleet's failure rate picked to fail did not work, in this device's words.</summary>
    public virtual string DescribeFailure(string action) => "actuator did not respond";

    /// <summary>Moves the physics forward; a time in the past changes nothing.</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        var seconds = (now - _now).TotalSeconds;
        if (seconds > 0)
        {
            Advance(seconds);
            _now = now;
        }
    }

    protected abstract void Advance(double seconds);

    protected abstract void Sample(TelemetryReading reading);

    protected abstract void ReportState(TelemetryReading state);

    protected abstract ActionOutcome Perform(string action, JsonElement parameters);

    protected abstract DesiredFieldResult Desire(string field, JsonElement value, ref string? reason);

    /// <summary>Hours since midnight UTC shifted by <paramref name="phaseHours"/>, the position in a daily cycle.</summary>
    protected double HourOfDay(double phaseHours = 0)
    {
        var hours = _now.UtcDateTime.TimeOfDay.TotalHours + phaseHours;
        return ((hours % 24) + 24) % 24;
    }

    /// <summary>A cosine over the day peaking at <paramref name="peakHour"/>: 1 at the peak, -1 twelve hours away.</summary>
    protected double DailyCycle(double peakHour) => Math.Cos(2 * Math.PI * (HourOfDay() - peakHour) / 24);

    /// <summary>First-order lag: how far a value moves toward its target over <paramref name="seconds"/> with time constant <paramref name="tau"/>.</summary>
    protected static double Approach(double value, double target, double seconds, double tau) =>
        target + (value - target) * Math.Exp(-seconds / tau);

    protected ActionOutcome SetInterval(JsonElement parameters)
    {
        Interval = TimeSpan.FromSeconds(parameters.GetProperty("seconds").GetDouble());
        var result = new TelemetryReading();
        result.Set("interval", Interval.TotalSeconds);
        return ActionOutcome.Success(Random.Uniform(0.05, 0.2), result);
    }

    protected DesiredFieldResult DesireInterval(JsonElement value, ref string? reason)
    {
        if (!TryNumber(value, 1, 86400, out var seconds, ref reason))
        {
            return DesiredFieldResult.Invalid;
        }

        Interval = TimeSpan.FromSeconds(seconds);
        return DesiredFieldResult.Applied;
    }

    protected static bool TryNumber(JsonElement value, double min, double max, out double number, ref string? reason)
    {
        number = 0;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out number) || number < min || number > max)
        {
            reason = $"expects a number from {min} to {max}";
            return false;
        }

        return true;
    }

    protected static bool TryText(JsonElement value, IReadOnlyCollection<string> allowed, out string text, ref string? reason)
    {
        text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        if (!allowed.Contains(text))
        {
            reason = $"expects one of {string.Join(", ", allowed)}";
            return false;
        }

        return true;
    }

    protected static bool TryFlag(JsonElement value, out bool flag, ref string? reason)
    {
        flag = value.ValueKind == JsonValueKind.True;
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            reason = "expects true or false";
            return false;
        }

        return true;
    }

    /// <summary>Rounds a measurement to a sensor's resolution.</summary>
    protected static double Round(double value, int digits = 2) => Math.Round(value, digits);
}
