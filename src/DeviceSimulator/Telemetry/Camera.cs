using System.Text.Json;
using DigitalTwin.DeviceSimulator.Control;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>
/// A network camera. Bitrate follows the resolution and rises with motion in the scene; motion events come as a
/// Poisson process busier by day; frame rate dips now and then under load; recordings fill the storage, which is
/// overwritten in a ring once it is nearly full.
/// </summary>
public sealed class Camera : DeviceModel
{
    private static readonly string[] Supported = ["start_stream", "stop_stream", "snapshot", "set_motion_detection"];
    private static readonly string[] Resolutions = ["480p", "720p", "1080p", "4k"];
    private static readonly Dictionary<string, double> Kbps = new() { ["480p"] = 900, ["720p"] = 2200, ["1080p"] = 4500, ["4k"] = 16000 };

    private readonly double _storageGb;
    private readonly double _busyness;
    private double _usedGb;
    private int _motionEvents;
    private int _snapshots;

    public Camera(string id, Xoshiro256 random, double faultRate, DateTimeOffset start)
        : base(id, random, faultRate, start, TimeSpan.FromSeconds(15), "fps", "bitrate")
    {
        _storageGb = (1 + random.NextInt(4)) * 64;
        _usedGb = random.Uniform(0.1, 0.9) * _storageGb;
        _busyness = random.Uniform(2, 20);
        Streaming = true;
        Resolution = random.Chance(0.7) ? "1080p" : "720p";
        MotionDetection = true;
    }

    public override string Type => DeviceTypes.Camera;

    public override IReadOnlyCollection<string> Actions => Supported;

    public bool Streaming { get; private set; }

    public string Resolution { get; private set; }

    public bool MotionDetection { get; private set; }

    /// <summary>Motion events per hour now: the camera's scene is busier in the day.</summary>
    public double MotionRate => _busyness * (0.55 + 0.45 * DailyCycle(peakHour: 14));

    protected override void Advance(double seconds)
    {
        if (MotionDetection)
        {
            _motionEvents += Random.Poisson(MotionRate * seconds / 3600);
        }

        if (Streaming)
        {
            _usedGb += Kbps[Resolution] * seconds / 8 / 1_000_000;
            if (_usedGb > 0.95 * _storageGb)
            {
                _usedGb = 0.8 * _storageGb;
            }
        }
    }

    protected override void Sample(TelemetryReading reading)
    {
        var motion = _motionEvents;
        _motionEvents = 0;
        var fps = Streaming ? (Random.Chance(0.05) ? Random.Uniform(12, 22) : 25 + Random.Normal(0, 0.3)) : 0;
        var bitrate = Streaming ? Kbps[Resolution] * (1 + 0.25 * Math.Min(motion, 4)) * Math.Exp(Random.Normal(0, 0.08)) * fps / 25 : 0;
        reading.Set("streaming", Streaming);
        reading.Set("resolution", Resolution);
        reading.Set("fps", Round(fps, 1));
        reading.Set("bitrate", Math.Round(bitrate));
        reading.Set("storage_used", Round(100 * _usedGb / _storageGb, 1));
        reading.Set("motion_events", motion);
        reading.Set("motion_detection", MotionDetection);
    }

    protected override void ReportState(TelemetryReading state)
    {
        state.Set("streaming", Streaming);
        state.Set("resolution", Resolution);
        state.Set("motion_detection", MotionDetection);
    }

    protected override ActionOutcome Perform(string action, JsonElement parameters)
    {
        var result = new TelemetryReading();
        switch (action)
        {
            case "start_stream":
                Streaming = true;
                if (parameters.TryGetProperty("resolution", out var resolution))
                {
                    Resolution = resolution.GetString()!;
                }

                result.Set("streaming", true);
                result.Set("resolution", Resolution);
                return ActionOutcome.Success(Random.Uniform(0.5, 1.5), result);
            case "stop_stream":
                Streaming = false;
                result.Set("streaming", false);
                return ActionOutcome.Success(Random.Uniform(0.1, 0.4), result);
            case "snapshot":
                _snapshots++;
                result.Set("snapshot", $"snapshot-{_snapshots:D6}.jpg");
                result.Set("size", Math.Round(Kbps[Resolution] * Random.Uniform(0.08, 0.14)));
                return ActionOutcome.Success(Random.Uniform(0.3, 0.9), result);
            default:
                MotionDetection = parameters.GetProperty("enabled").GetBoolean();
                result.Set("motion_detection", MotionDetection);
                return ActionOutcome.Success(Random.Uniform(0.05, 0.2), result);
        }
    }

    protected override DesiredFieldResult Desire(string field, JsonElement value, ref string? reason)
    {
        switch (field)
        {
            case "streaming":
                if (!TryFlag(value, out var streaming, ref reason))
                {
                    return DesiredFieldResult.Invalid;
                }

                Streaming = streaming;
                return DesiredFieldResult.Applied;
            case "resolution":
                if (!TryText(value, Resolutions, out var resolution, ref reason))
                {
                    return DesiredFieldResult.Invalid;
                }

                Resolution = resolution;
                return DesiredFieldResult.Applied;
            case "motion_detection":
                if (!TryFlag(value, out var detection, ref reason))
                {
                    return DesiredFieldResult.Invalid;
                }

                MotionDetection = detection;
                return DesiredFieldResult.Applied;
            default:
                return DesiredFieldResult.Ignored;
        }
    }

    public override string DescribeFailure(string action) => action == "snapshot" ? "encoder busy" : "stream pipeline did not restart";
}
