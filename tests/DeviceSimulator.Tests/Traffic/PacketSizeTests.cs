using DigitalTwin.Behaviour.Packets;
using DigitalTwin.DeviceSimulator.Packets;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Traffic;

public sealed class PacketSizeTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Types() => [.. DeviceTypes.All];

    [Theory]
    [MemberData(nameof(Types))]
    public void NoPacketOfADayWithEveryAnomalyExceedsTheEthernetMtu(string deviceType)
    {
        // Every class in turn, an hour each, two hours apart: a day of the type's traffic and all the anomalies on it.
        var episodes = Enum.GetValues<AnomalyClass>().Select((anomaly, i) =>
            new AnomalyEpisode(anomaly, AnomalyCatalog.Describe(anomaly).Defaults with { Duration = 3_600 }, Start.AddHours(1 + 2 * i)));
        var behaviour = new DeviceBehaviour("device-0001", deviceType, 5, episodes, 60) { PacketLog = [] };
        for (var t = Start; t < Start.AddDays(1); t = t.AddMinutes(1))
        {
            behaviour.Next(t);
        }

        var largest = behaviour.PacketLog.MaxBy(p => p.Headers.IpPayloadLength)!;
        Assert.True(largest.Headers.IpPayloadLength <= 1_480, $"{largest.Headers.IpPayloadLength} B to port {largest.Headers.DestinationPort}");
    }
}
