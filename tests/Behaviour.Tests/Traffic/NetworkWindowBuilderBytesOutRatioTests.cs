using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Tests.Traffic;

/// <summary>bytes_out_ratio: bytes sent over bytes sent and received.</summary>
public sealed class NetworkWindowBuilderBytesOutRatioTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(300, 100, 0.75)]
    [InlineData(500, 0, 1)]
    [InlineData(0, 800, 0)]
    public void IsTheShareOfBytesSent(int bytesOut, int bytesIn, double expected)
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        builder.AddPackets(1, 0.1, 2, TransportProtocol.Tcp, sent: true, bytesOut / 2, 7, 443, deviceInitiated: true);
        builder.AddPacket(2, TransportProtocol.Tcp, sent: false, bytesIn, 7, 443, deviceInitiated: true);

        Assert.Equal(expected, builder.Build()[NetworkFeature.BytesOutRatio], 12);
    }

    [Fact]
    public void IsZeroWithoutBytes()
    {
        var builder = new NetworkWindowBuilder();
        builder.Begin(Origin, 10);
        Assert.Equal(0, builder.Build()[NetworkFeature.BytesOutRatio]);

        builder.Begin(Origin.AddSeconds(10), 10);
        builder.AddPacket(1, TransportProtocol.Other, sent: true, 0, 7, 0, deviceInitiated: true);
        builder.AddPacket(2, TransportProtocol.Other, sent: false, 0, 7, 0, deviceInitiated: true);
        Assert.Equal(0, builder.Build()[NetworkFeature.BytesOutRatio]);
    }
}
