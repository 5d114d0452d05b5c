using DigitalTwin.Behaviour.Features;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Traffic;

/// <summary>Normal windows of a few devices of one type, sharing one site's events, over a span.</summary>
internal static class NormalRun
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static List<NetworkWindow> Of(string deviceType, int devices, TimeSpan span, DateTimeOffset? from = null, ulong fleetSeed = 5)
    {
        var network = new NetworkEvents(fleetSeed);
        var windows = new List<NetworkWindow>();
        var start = from ?? Start;
        for (var d = 0; d < devices; d++)
        {
            var behaviour = new DeviceBehaviour($"device-{d:0000}", deviceType, Xoshiro256.Derive(fleetSeed, $"device-{d}"), [], 10, d, network: network);
            for (var t = start; t < start + span; t = t.AddSeconds(10))
            {
                windows.Add(behaviour.Next(t).Window);
            }
        }

        return windows;
    }

    public static double Share(this IReadOnlyCollection<NetworkWindow> windows, Func<NetworkWindow, bool> predicate) =>
        (double)windows.Count(predicate) / windows.Count;
}
