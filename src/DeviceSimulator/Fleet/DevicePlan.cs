using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>
/// One device of the fleet to run: its id, its type, its telemetry interval (null keeps the type's own), the network
/// behaviour that yields its windows and their ground truth, and its dataset split when a scenario assigned one.
/// </summary>
public sealed record DevicePlan(string Id, string Type, TimeSpan? Interval, DeviceBehaviour Network, string? Split = null)
{
    /// <summary>
    /// The fleet's devices in the mix's order, numbered per type: <c>{prefix}temperature-sensor-0001</c>. Dashes
    /// replace the type's underscores so ids read like the platform's examples. Without a scenario no anomaly is
    /// scheduled: every window is normal traffic.
    /// </summary>
    public static IReadOnlyList<DevicePlan> ForMix(FleetMix mix, int devices, string idPrefix, IntervalOverrides intervals, ulong seed, double windowSeconds)
    {
        var plans = new List<DevicePlan>(devices);
        var network = new NetworkEvents(seed);
        foreach (var (type, count) in mix.Allocate(devices))
        {
            var stem = idPrefix + type.Replace('_', '-');
            for (var n = 1; n <= count; n++)
            {
                var id = $"{stem}-{n:D4}";
                plans.Add(new DevicePlan(id, type, intervals.For(type), new DeviceBehaviour(id, type, Xoshiro256.Derive(seed, id), [], windowSeconds, plans.Count, TimeSpan.Zero, network)));
            }
        }

        return plans;
    }
}
