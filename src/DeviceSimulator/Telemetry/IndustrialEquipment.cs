using System.Text.Json;
using DigitalTwin.DeviceSimulator.Control;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>
/// A motor-driven machine. Speed follows its set point with the drive's ramp; load swings with the process;
/// vibration grows with the square of speed and with bearing wear; motor temperature lags the load by minutes.
/// Too much vibration or heat trips the machine with a fault code that only <c>reset_alarm</c> clears.
/// </summary>
internal sealed class IndustrialEquipment : DeviceModel
{
    public const string NoFault = "none";
    public const string VibrationFault = "E-VIB-HIGH";
    public const string TemperatureFault = "E-MOTOR-TEMP";
    public const string DriveFault = "E-DRIVE-COMM";

    private const double RatedRpm = 3000;
    private const double Ambient = 24;

    private static readonly string[] Supported = ["start", "stop", "set_speed", "reset_alarm"];
    private static readonly string[] RunningValues = ["running", "stopped"];

    private readonly double _processPeriod;
    private double _rpm;
    private double _wear;
    private double _motorTemperature;
    private double _operatingHours;

    public IndustrialEquipment(string id, Xoshiro256 random, double faultRate, DateTimeOffset start)
        : base(id, random, faultRate, start, TimeSpan.FromSeconds(10), "rpm", "vibration", "motor_temperature")
    {
        TargetRpm = (12 + random.NextInt(16)) * 100;
        Running = true;
        _rpm = TargetRpm;
        _wear = random.Uniform(0, 0.35);
        _processPeriod = random.Uniform(90, 300);
        _operatingHours = Math.Round(random.Uniform(100, 20000));
        _motorTemperature = Ambient + 40 * TargetRpm / RatedRpm;
    }

    public override string Type => DeviceTypes.IndustrialEquipment;

    public override IReadOnlyCollection<string> Actions => Supported;

    public bool Running { get; private set; }

    public int TargetRpm { get; private set; }

    public string FaultCode { get; private set; } = NoFault;

    /// <summary>Load as a share of rated: speed times a process swing.</summary>
    public double Load => _rpm / RatedRpm * (0.85 + 0.15 * Math.Sin(2 * Math.PI * Now.ToUnixTimeSeconds() / _processPeriod));

    /// <summary>Vibration velocity (mm/s RMS) without noise: quadratic in speed, worse with wear.</summary>
    public double Vibration => 0.6 + 2.2 * Math.Pow(_rpm / RatedRpm, 2) * (1 + 3 * _wear);

    protected override void Advance(double seconds)
    {
        var target = Running ? TargetRpm : 0;
        _rpm = Math.Max(0, Approach(_rpm, target, seconds, 4));
        _motorTemperature = Approach(_motorTemperature, Ambient + 55 * Load, seconds, 480);
        if (Running)
        {
            _operatingHours += seconds / 3600;
            _wear = Math.Min(1.5, _wear + seconds / 3600 * 0.0004 * (_rpm / RatedRpm));
            // A rare communication fault of the drive, about once a week of running.
            if (Random.Chance(seconds / (7 * 86400)))
            {
                Trip(DriveFault);
            }
        }

        if (FaultCode == NoFault && Vibration > 7.1)
        {
            Trip(VibrationFault);
        }
        else if (FaultCode == NoFault && _motorTemperature > 95)
        {
            Trip(TemperatureFault);
        }
    }

    protected override void Sample(TelemetryReading reading)
    {
        reading.Set("running", Running);
        reading.Set("rpm", Math.Round(_rpm * (1 + Random.Normal(0, 0.004))));
        reading.Set("target_rpm", TargetRpm);
        reading.Set("load", Round(Math.Max(0, Load + Random.Normal(0, 0.01)), 3));
        reading.Set("vibration", Round(Math.Max(0, Vibration * (1 + Random.Normal(0, 0.05)))));
        reading.Set("motor_temperature", Round(_motorTemperature + Random.Normal(0, 0.2), 1));
        reading.Set("fault_code", FaultCode);
        reading.Set("operating_hours", Round(_operatingHours, 1));
    }

    protected override void ReportState(TelemetryReading state)
    {
        state.Set("mode", Running ? "running" : "stopped");
        state.Set("target_rpm", TargetRpm);
        state.Set("fault_code", FaultCode);
    }

    protected override ActionOutcome Perform(string action, JsonElement parameters)
    {
        var result = new TelemetryReading();
        switch (action)
        {
            case "start":
                if (FaultCode != NoFault)
                {
                    return ActionOutcome.Failure(Random.Uniform(0.1, 0.3), $"alarm {FaultCode} active: reset_alarm first");
                }

                Running = true;
                result.Set("mode", "running");
                result.Set("target_rpm", TargetRpm);
                return ActionOutcome.Success(Random.Uniform(1.5, 4), result);
            case "stop":
                var emergency = parameters.TryGetProperty("mode", out var mode) && mode.GetString() == "emergency";
                Running = false;
                if (emergency)
                {
                    _rpm = 0;
                }

                result.Set("mode", "stopped");
                result.Set("stop", emergency ? "emergency" : "normal");
                return ActionOutcome.Success(emergency ? Random.Uniform(0.1, 0.3) : Random.Uniform(2, 5), result);
            case "set_speed":
                TargetRpm = parameters.GetProperty("rpm").GetInt32();
                result.Set("target_rpm", TargetRpm);
                return ActionOutcome.Success(Random.Uniform(0.2, 0.8), result);
            default:
                var code = parameters.GetProperty("code").GetString();
                if (FaultCode == NoFault)
                {
                    return ActionOutcome.Failure(Random.Uniform(0.05, 0.2), "no active alarm");
                }

                if (code != FaultCode)
                {
                    return ActionOutcome.Failure(Random.Uniform(0.05, 0.2), $"active alarm is {FaultCode}, not {code}");
                }

                FaultCode = NoFault;
                // Inspection after a vibration alarm means the bearings were serviced.
                _wear = code == VibrationFault ? _wear * 0.2 : _wear;
                result.Set("fault_code", NoFault);
                return ActionOutcome.Success(Random.Uniform(0.3, 1), result);
        }
    }

    protected override DesiredFieldResult Desire(string field, JsonElement value, ref string? reason)
    {
        switch (field)
        {
            case "mode":
                if (!TryText(value, RunningValues, out var mode, ref reason))
                {
                    return DesiredFieldResult.Invalid;
                }

                if (mode == "running" && FaultCode != NoFault)
                {
                    reason = $"alarm {FaultCode} active";
                    return DesiredFieldResult.Invalid;
                }

                Running = mode == "running";
                return DesiredFieldResult.Applied;
            case "target_rpm":
                if (!TryNumber(value, 0, 10000, out var rpm, ref reason) || rpm != Math.Floor(rpm))
                {
                    reason = "expects a whole number from 0 to 10000";
                    return DesiredFieldResult.Invalid;
                }

                TargetRpm = (int)rpm;
                return DesiredFieldResult.Applied;
            default:
                return DesiredFieldResult.Ignored;
        }
    }

    public override string DescribeFailure(string action) => "drive did not confirm the set point";

    private void Trip(string code)
    {
        FaultCode = code;
        Running = false;
    }
}
