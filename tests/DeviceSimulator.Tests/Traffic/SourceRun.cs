using DigitalTwin.Behaviour.Packets;
using DigitalTwin.DeviceSimulator.Packets;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Traffic;

/// <summary>
/// One traffic source driven alone over many simulated days, its packets kept: fast enough to measure a rare
/// look-alike's rate over hundreds of days, which a feature-level run could not afford.
/// </summary>
internal static class SourceRun
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static readonly HostAddress Device = HostAddress.FromIPv4(Endpoint.Ip(10, 100, 0, 1));

    public static List<PacketHeaders> Of(ITrafficSource source, double days, ulong seed = 1, double windowSeconds = 10)
    {
        var schedule = new PacketSchedule((long)(windowSeconds * 1e6));
        var window = new TrafficWindow(schedule, Device, new Xoshiro256(seed), anomalous: false, 32_768, 16_384);
        var taken = new List<SimulatedPacket>();
        var packets = new List<PacketHeaders>();
        var windows = (long)(days * 86_400 / windowSeconds);
        for (var w = 0L; w < windows; w++)
        {
            window.Begin(Start.AddSeconds(w * windowSeconds), windowSeconds, 1);
            source.AddTo(window);
        }

        schedule.TakeBefore(long.MaxValue, taken);
        foreach (var packet in taken)
        {
            for (var i = 0; i < packet.Count; i++)
            {
                packets.Add(packet.Headers);
            }
        }

        return packets;
    }

    public static bool Sent(PacketHeaders packet) => packet.Source == Device;
}
