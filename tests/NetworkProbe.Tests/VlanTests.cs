using DigitalTwin.NetworkProbe.Tests.Capture;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// Frames tagged 802.1Q are parsed through the tag: a real HTTP exchange, captured and then tagged as VLAN 100,
/// gives the same windows as untagged.
/// </summary>
[Collection(NetworkLabCollection.Name)]
public sealed class VlanTests(NetworkLab lab)
{
    private const int VlanId = 100;

    [Fact]
    public async Task TaggedFramesGiveTheSameWindowsAsUntagged()
    {
        var untagged = await ProbedCapture.RecordAsync(lab, "untagged", () =>
            lab.RunCheckedAsync(lab.Client, "curl", "-sS", "-o", "/dev/null", "--max-time", "20", $"http://{lab.Server.IPv4}/hello.txt"));
        var path = lab.NewPath("tagged.pcap");
        VlanTagger.Tag(untagged.Path, path, VlanId);

        var tagged = await ProbedCapture.ProbeAsync(path, NetworkLab.Devices);

        Assert.Equal(untagged.Packets.Count, tagged.Packets.Count);
        Assert.All(tagged.Packets, p => Assert.Equal(VlanId, p.VlanId));
        foreach (var host in new[] { lab.Client.IPv4, lab.Server.IPv4 })
        {
            FeatureComparison.AssertWindowsMatch(tagged, host, ["packets_in", "packets_out", "bytes_in", "bytes_out", "tcp_ratio"]);
            var windows = tagged.Windows.Of(DeviceIds.Of(host));
            Assert.Equal(
                untagged.Windows.Of(DeviceIds.Of(host)).Select(w => w.Fields.OrderBy(f => f.Key)),
                windows.Select(w => w.Fields.OrderBy(f => f.Key)));
        }

        Assert.Equal(1, tagged.Windows.Sum(lab.Client.DeviceId, "sessions_opened"));
        Assert.Equal(1, tagged.Windows.Sum(lab.Server.DeviceId, "listening_ports"));
    }
}
