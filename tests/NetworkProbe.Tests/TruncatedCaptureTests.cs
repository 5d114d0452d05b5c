using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// A capture cut to 96 bytes a frame (tcpdump -s 96) still counts every packet at its full size, read from the IP
/// header: the same download captured whole and cut gives the same counts.
/// </summary>
[Collection(NetworkLabCollection.Name)]
public sealed class TruncatedCaptureTests(NetworkLab lab)
{
    private static readonly string[] SizeFeatures = ["packets_in", "packets_out", "bytes_in", "bytes_out", "payload_size_mean", "tcp_ratio"];

    [Fact]
    public async Task SizesOfCutFramesComeFromTheIpHeader()
    {
        string whole, cut;
        await using (var full = await lab.StartCaptureAsync("whole"))
        await using (var snapped = await lab.StartCaptureAsync("cut", snapLength: 96))
        {
            await lab.RunCheckedAsync(lab.Client, "curl", "-sS", "-o", "/dev/null", "--max-time", "30", $"http://{lab.Server.IPv4}/big.bin");
            whole = await full.StopAsync();
            cut = await snapped.StopAsync();
        }

        var truncated = await Command.RunAsync("tshark", "-r", cut, "-Y", "frame.cap_len < frame.len", "-T", "fields", "-e", "frame.number");
        Assert.NotEmpty(truncated.EnsureSuccess().Output.Trim());

        var wholeCapture = await ProbedCapture.ProbeAsync(whole, NetworkLab.Devices);
        var cutCapture = await ProbedCapture.ProbeAsync(cut, NetworkLab.Devices);
        foreach (var host in new[] { lab.Client.IPv4, lab.Server.IPv4 })
        {
            var traffic = cutCapture.Of(host);
            Assert.True(traffic.Sent.Sum(p => p.IpPayloadBytes) + traffic.Received.Sum(p => p.IpPayloadBytes) > NetworkLab.BigFileBytes);
            FeatureComparison.AssertWindowsMatch(cutCapture, host, SizeFeatures, "cut capture ");

            Assert.Equal(
                wholeCapture.Windows.Of(DeviceIds.Of(host)).Select(w => SizeFeatures.Select(f => w[f]).ToList()),
                cutCapture.Windows.Of(DeviceIds.Of(host)).Select(w => SizeFeatures.Select(f => w[f]).ToList()));
        }
    }
}
