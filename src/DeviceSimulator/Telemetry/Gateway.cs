using System.Text.Json;
using DigitalTwin.DeviceSimulator.Control;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>
/// A gateway in front of field devices. The devices behind it come and go with the working day; CPU and uplink
/// throughput follow them; memory creeps up (a slow leak) until a reboot; a firmware update restarts it too.
/// </summary>
internal sealed class Gateway : DeviceModel
{
    private static readonly string[] Supported = ["reboot", "update_firmware", "set_log_level"];
    private static readonly string[] Levels = ["debug", "info", "warning", "error"];

    private readonly int _fleet;
    private readonly double _leakPerHour;
    private double _connected;
    private double _memory;
    private double _uptime;

    public Gateway(string id, Xoshiro256 random, double faultRate, DateTimeOffset start)
        : base(id, random, faultRate, start, TimeSpan.FromSeconds(30), "cpu", "memory")
    {
        _fleet = 20 + random.NextInt(230);
        _leakPerHour = random.Uniform(0.05, 0.4);
        _memory = random.Uniform(30, 45);
        _uptime = random.Uniform(3600, 30 * 86400);
        _connected = _fleet * 0.7;
        FirmwareVersion = $"4.{random.NextInt(6)}.{random.NextInt(20)}";
    }

    public override string Type => DeviceTypes.Gateway;

    public override IReadOnlyCollection<string> Actions => Supported;

    public string LogLevel { get; private set; } = "info";

    public string FirmwareVersion { get; private set; }

    protected override void Advance(double seconds)
    {
        var present = _fleet * (0.72 + 0.25 * DailyCycle(peakHour: 13));
        _connected = Approach(_connected, present, seconds, 900);
        _memory = Math.Min(97, _memory + _leakPerHour * seconds / 3600);
        _uptime += seconds;
    }

    protected override void Sample(TelemetryReading reading)
    {
        var connected = Math.Max(0, Math.Round(_connected + Random.Normal(0, Math.Sqrt(_connected) * 0.3)));
        var debugCost = LogLevel == "debug" ? 9 : 0;
        var cpu = Math.Clamp(6 + 0.18 * connected + debugCost + Random.Normal(0, 2.5), 1, 100);
        // Uplink: telemetry of every device behind it plus bursts (firmware pulls, backfills).
        var uplink = connected * Random.Uniform(1.6, 2.4) + (Random.Chance(0.03) ? Random.Uniform(500, 4000) : 0);
        reading.Set("connected_devices", connected);
        reading.Set("cpu", Round(cpu, 1));
        reading.Set("memory", Round(_memory + Random.Normal(0, 0.3), 1));
        reading.Set("uplink_throughput", Round(uplink, 1));
        reading.Set("uptime", Math.Round(_uptime));
    }

    protected override void ReportState(TelemetryReading state)
    {
        state.Set("log_level", LogLevel);
        state.Set("firmware_version", FirmwareVersion);
    }

    protected override ActionOutcome Perform(string action, JsonElement parameters)
    {
        var result = new TelemetryReading();
        switch (action)
        {
            case "set_log_level":
                LogLevel = parameters.GetProperty("level").GetString()!;
                result.Set("log_level", LogLevel);
                return ActionOutcome.Success(Random.Uniform(0.05, 0.2), result);
            case "update_firmware":
                var version = parameters.GetProperty("version").GetString()!;
                if (version == FirmwareVersion)
                {
                    return ActionOutcome.Failure(Random.Uniform(0.2, 0.5), $"firmware {version} already installed");
                }

                result.Set("previous_version", FirmwareVersion);
                FirmwareVersion = version;
                Restart();
                result.Set("firmware_version", FirmwareVersion);
                return ActionOutcome.Success(Random.Uniform(8, 15), result);
            default:
                Restart();
                result.Set("uptime", 0.0);
                return ActionOutcome.Success(Random.Uniform(4, 8), result);
        }
    }

    protected override DesiredFieldResult Desire(string field, JsonElement value, ref string? reason)
    {
        switch (field)
        {
            case "log_level":
                if (!TryText(value, Levels, out var level, ref reason))
                {
                    return DesiredFieldResult.Invalid;
                }

                LogLevel = level;
                return DesiredFieldResult.Applied;
            case "firmware_version":
                // A desired firmware version is an update the gateway installs on its own, as with update_firmware.
                if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 and <= 64 } version)
                {
                    reason = "expects a version text of 1 to 64 characters";
                    return DesiredFieldResult.Invalid;
                }

                if (version != FirmwareVersion)
                {
                    FirmwareVersion = version;
                    Restart();
                }

                return DesiredFieldResult.Applied;
            default:
                return DesiredFieldResult.Ignored;
        }
    }

    public override string DescribeFailure(string action) => action == "update_firmware" ? "image signature check failed" : "watchdog refused the restart";

    private void Restart()
    {
        _uptime = 0;
        _memory = Random.Uniform(28, 35);
        _connected *= 0.2;
    }
}
