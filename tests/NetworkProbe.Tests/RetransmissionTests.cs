using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// Retransmissions of a 300 kB download: with 20 % of the frames towards the client dropped after the mirror port,
/// the server resends segments the capture already holds; on a clean link it resends none.
/// </summary>
[Collection(NetworkLabCollection.Name)]
public sealed class RetransmissionTests(NetworkLab lab)
{
    [Fact]
    public async Task SegmentsResentOverALossyLinkAreRetransmissionsOfTheSender()
    {
        ProbedCapture capture;
        await using (await lab.AddLossAsync(lab.Client, percent: 20))
        {
            capture = await DownloadAsync("lossy");
        }

        var resent = capture.Of(lab.Server.IPv4).Retransmitted();
        Assert.NotEmpty(resent);
        var counted = capture.Windows.Sum(lab.Server.DeviceId, "retransmissions");
        Assert.True(counted > 0, "the probe counted no retransmission of the server");
        Assert.Equal(resent.Count, counted);
        foreach (var window in capture.Windows.Of(lab.Server.DeviceId))
        {
            Assert.Equal(resent.Count(p => p.WindowStart(ProbedCapture.WindowSeconds) == window.Start), window["retransmissions"]);
        }
    }

    [Fact]
    public async Task ACleanLinkHasNoRetransmissions()
    {
        var capture = await DownloadAsync("clean");

        Assert.Empty(capture.Of(lab.Server.IPv4).Retransmitted());
        Assert.Empty(capture.Of(lab.Client.IPv4).Retransmitted());
        Assert.Equal(0, capture.Windows.Sum(lab.Server.DeviceId, "retransmissions"));
        Assert.Equal(0, capture.Windows.Sum(lab.Client.DeviceId, "retransmissions"));
    }

    private Task<ProbedCapture> DownloadAsync(string name) => ProbedCapture.RecordAsync(lab, name, async () =>
    {
        var result = await lab.RunCheckedAsync(lab.Client, "curl", "-sS", "-o", "/dev/null", "-w", "%{size_download}",
            "--max-time", "90", $"http://{lab.Server.IPv4}/big.bin");
        Assert.Equal(NetworkLab.BigFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Output.Trim());
    });
}
