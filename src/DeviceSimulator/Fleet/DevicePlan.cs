namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>One device of the fleet to run: its id, its type and its telemetry interval (null keeps the type's own).</summary>
public sealed record DevicePlan(string Id, string Type, TimeSpan? Interval)
{
    /// <summary>
    /// The fleet's devices in the mix's order, numbered per type: <c>{prefix}temperature-sensor-0001</c>. Dashes
    /// replace the type's underscores so ids read like the platform's examples.
    /// </summary>
    public static IReadOnlyList<DevicePlan> ForMix(FleetMix mix, int devices, string idPrefix, IntervalOverrides intervals)
    {
        var plans = new List<DevicePlan>(devices);
        foreach (var (type, count) in mix.Allocate(devices))
        {
            var stem = idPrefix + type.Replace('_', '-');
            for (var n = 1; n <= count; n++)
            {
                plans.Add(new DevicePlan($"{stem}-{n:D4}", type, intervals.For(type)));
            }
        }

        return plans;
    }
}
