using DigitalTwin.NetworkProbe.Tests.Capture;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>IPv6 hosts get <c>ip6-</c> ids and their traffic is counted from the IPv6 header (payload length).</summary>
[Collection(NetworkLabCollection.Name)]
public sealed class Ipv6Tests(NetworkLab lab)
{
    private static Task<ProbedCapture>? _exchange;

    [Fact]
    public async Task AnIpv6HostIsNamedAfterItsCompressedAddress()
    {
        var windows = (await ExchangeAsync()).Windows;
        Assert.Equal("ip6-fd00-77--10", lab.Client.DeviceIdV6);
        Assert.All(windows.Of("ip6-fd00-77--10"), w => Assert.Equal("network_host", w.DeviceType));
        Assert.NotEmpty(windows.Of("ip6-fd00-77--1"));
        Assert.DoesNotContain(lab.Client.DeviceId, windows.DeviceIds);
    }

    [Fact]
    public async Task PacketsAndBytesAreThoseOfTheIpv6Packets()
    {
        var capture = await ExchangeAsync();
        string[] features = ["packets_in", "packets_out", "bytes_in", "bytes_out", "tcp_ratio", "icmp_ratio", "udp_ratio"];
        FeatureComparison.AssertWindowsMatch(capture, lab.Client.IPv6, features);
        FeatureComparison.AssertWindowsMatch(capture, lab.Server.IPv6, features);
    }

    [Fact]
    public async Task TheIpv6ConnectionIsASessionWithAMeasuredHandshake()
    {
        var capture = await ExchangeAsync();
        var handshake = capture.Of(lab.Client.IPv6).Handshakes().Single();
        var window = capture.Windows.Of(lab.Client.DeviceIdV6).Single(w => w.Start == handshake.SynAck.WindowStart(ProbedCapture.WindowSeconds));
        Assert.Equal(handshake.ClientRttMs, window["latency_mean"], 3);
        Assert.True(capture.Windows.Sum(lab.Client.DeviceIdV6, "sessions_opened") >= 2, "the TCP connection and the echo flow");
        Assert.Equal(1, capture.Windows.Sum(lab.Server.DeviceIdV6, "listening_ports"));
    }

    private Task<ProbedCapture> ExchangeAsync() => _exchange ??= ProbedCapture.RecordAsync(lab, "ipv6", async () =>
    {
        await lab.RunCheckedAsync(lab.Client, "curl", "-sS", "-g", "-o", "/dev/null", "--max-time", "20", $"http://[{lab.Server.IPv6}]/hello.txt");
        await lab.RunCheckedAsync(lab.Client, "ping", "-6", "-c", "2", "-i", "0.2", lab.Server.IPv6.ToString());
    });
}
