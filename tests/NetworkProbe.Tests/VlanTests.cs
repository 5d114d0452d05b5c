using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>Frames tagged 802.1Q are parsed through the tag: a VLAN host is counted like any other.</summary>
[Collection(NetworkLabCollection.Name)]
public sealed class VlanTests(NetworkLab lab)
{
    [Fact]
    public async Task TrafficOfAVlanIsCountedForItsHosts()
    {
        var capture = await ProbedCapture.RecordAsync(lab, "vlan", () =>
            lab.RunCheckedAsync(lab.Client, "curl", "-sS", "-o", "/dev/null", "--max-time", "20", $"http://{lab.ServerVlanAddress}/hello.txt"));

        var traffic = capture.Of(lab.ClientVlanAddress);
        Assert.NotEmpty(traffic.Packets);
        Assert.All(traffic.Packets, p => Assert.Equal(NetworkLab.VlanId, p.VlanId));
        var windows = capture.Windows.Of(DeviceIds.Of(lab.ClientVlanAddress));
        Assert.Equal(traffic.WindowStarts, windows.Select(w => w.Start));
        foreach (var window in windows)
        {
            var expected = traffic.ExpectedFeatures(window.Start);
            foreach (var feature in new[] { "packets_in", "packets_out", "bytes_in", "bytes_out", "tcp_ratio" })
            {
                PacketAccountingTests.AssertClose(expected[feature], window[feature], $"{window.DeviceId} {window.Start:O} {feature}");
            }
        }

        Assert.Equal(1, windows.Sum(w => w["sessions_opened"]));
        Assert.Equal(1, capture.Windows.Sum(DeviceIds.Of(lab.ServerVlanAddress), "listening_ports"));
    }
}
